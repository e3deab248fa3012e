/**
 * The server API (SPEC 12) for an app's own backend: HTTP JSON under `/api/server/` on the
 * realtime server, `Authorization: Bearer <CONVENE_SERVER_SECRET>`. These are its answers and
 * the webhooks it posts, so a backend (the web app's route handlers, a bot) can type its calls.
 * Every failure answers `{ code, message }` (a ZIMError) with an HTTP status.
 */
import type { ZIMMessage, ZIMUserInfo } from './types.ts';

export interface ServerApiRoom {
  roomID: string;
  roomName: string;
  memberCount: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** When an empty room waiting out its destroy delay goes; null while it has members. */
  destroyAt: number | null;
}

/** `GET /api/server/rooms?nextFlag=&count=`: rooms in roomID order, `nextFlag` '' at the end. */
export interface ServerApiRoomList {
  rooms: ServerApiRoom[];
  nextFlag: string;
}

/** `GET /api/server/rooms/:roomID`, and the answer of `POST /api/server/rooms`. */
export interface ServerApiRoomDetail extends ServerApiRoom {
  roomAttributes: Record<string, string>;
  /** Who created the room, as the server recorded it ('' when the server API created it). */
  creatorUserID: string;
}

/** `GET /api/server/rooms/:roomID/members?nextFlag=&count=`. */
export interface ServerApiMemberList {
  memberList: ZIMUserInfo[];
  nextFlag: string;
}

/** `POST /api/server/rooms/:roomID/kick` `{ userIDs, reason? }`. */
export interface ServerApiKickResult {
  roomID: string;
  /** Users taken out of the room. */
  kickedUserIDs: string[];
  /** Users who were not in it. */
  errorUserList: string[];
}

/**
 * The `extendedData` (JSON text) of the `roomStateChanged(Disconnected, KickedOut)` a kicked
 * session gets: `reason` is what the backend gave ('' when none).
 */
export interface KickedOutExtendedData {
  reason: string;
}

/** `PUT /api/server/rooms/:roomID/attributes` `{ roomAttributes?, delete? }`. */
export interface ServerApiAttributesResult {
  roomID: string;
  /** Keys to delete that the room did not have. */
  errorKeys: string[];
}

/** `POST /api/server/rooms/:roomID/messages` `{ message, priority? }`: the stored message. */
export interface ServerApiMessageResult {
  message: ZIMMessage;
}

/** `DELETE /api/server/rooms/:roomID`. */
export interface ServerApiDestroyResult {
  roomID: string;
}

export type WebhookEventName = 'room_create' | 'room_destroy' | 'room_enter' | 'room_exit';
export type WebhookExitType = 'Quit' | 'Kickout' | 'Timeout';

/**
 * What `CONVENE_WEBHOOK_URL` receives, POSTed as JSON and signed with
 * `X-Convene-Signature: sha256=<hex HMAC-SHA256 of the raw body with the server secret>`.
 */
export interface WebhookEvent {
  event: WebhookEventName;
  room_id: string;
  /** The users the event is about: the creator, who entered, who left ('@server' for the server). */
  user_ids: string[];
  /** Milliseconds since the epoch, when it happened. */
  timestamp: number;
  /** Unique per event (a retry sends the same one): receivers drop what they saw already. */
  nonce: string;
  /** room_create only. */
  room_name?: string;
  /** room_exit only. */
  exit_type?: WebhookExitType;
}
