/** Types of the SDK's own surface that the wire does not carry. */
import type { ZIMMessage } from '../protocol/client.ts';

/** Convene's set-up: the server's URL (the page's own origin when left out). */
export interface ZIMCreateOptions {
  server?: string;
  /** Browser only: keep the session ID in sessionStorage so a reload restores the rooms. Default true. */
  persistSession?: boolean;
}

/** ZIM's own set-up object; appID and appSign are accepted so ZIM code runs unchanged, and ignored. */
export interface ZIMAppConfig {
  appID: number;
  appSign?: string;
  server?: string;
  persistSession?: boolean;
}

export interface ZIMLoginConfig {
  userName?: string;
  /** Without one, the SDK asks the server's demo endpoint (`GET /api/token`). */
  token?: string;
}

export interface ZIMMessageSendNotification {
  /** Called with the message in Sending state before it goes out, so a UI can show it at once. */
  onMessageAttached?: (message: ZIMMessage) => void;
}
