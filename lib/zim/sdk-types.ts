/** Types of the SDK's own surface that the wire does not carry. */
import type { ZIMConnectionEvent, ZIMErrorInfo, ZIMMessage, ZIMRoomFullInfo, ZIMUserInfo } from '../protocol/client.ts';

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

/**
 * How the SDK came to hold a room it reports entered: by a create/join/enter/switch call
 * (`entered`), back after a reconnect within the grace period (`resumed`), or found on the server
 * after a page reload, as a room this instance did not know (`restored`).
 */
export type ZIMRoomEnteredHow = 'entered' | 'resumed' | 'restored';

/** `roomEntered`: the server's entered bundle as it came, the member list the server has now. */
export interface ZIMRoomEnteredEvent {
  roomID: string;
  roomInfo: ZIMRoomFullInfo;
  /** The session itself included; at most the server's initial list size (`initialMemberListSize`). */
  memberList: ZIMUserInfo[];
  /** False when the list is as long as the server's cap, so the room may hold more (page them in). */
  memberListComplete: boolean;
  roomAttributes: Record<string, string>;
  /**
   * The room's last messages (at most `HISTORY_PAGE_SIZE`, oldest first). Absent on a resume of
   * a room whose messages the SDK held (what it missed follows as receiveRoomMessage), or when the
   * server could not read history at that moment.
   */
  messageList?: ZIMMessage[];
  how: ZIMRoomEnteredHow;
}

/** `sessionEnded`: the connection event that ended the session, and the error that says why. */
export interface ZIMSessionEndedEvent {
  event: ZIMConnectionEvent;
  error: ZIMErrorInfo;
}
