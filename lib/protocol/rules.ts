/**
 * The argument rules of SPEC sections 1–7 that both sides check, each written once and free of
 * zod so the SDK and the web app can check arguments without shipping a schema library to the
 * browser. The server's zod schemas (schemas.ts) apply these same rules and constants, then
 * validate every payload in full; the SDK applies them to fail fast on bad arguments.
 *
 * A rule takes any value and returns a readable message when the value breaks it, else undefined.
 */
import { ZIMConversationType, ZIMMessagePriority, ZIMMessageType } from './enums.ts';

export type Rule = (value: unknown) => string | undefined;

const encoder = new TextEncoder();
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Characters SPEC section 1 allows in userIDs and roomIDs. */
export const ID_PATTERN = /^[A-Za-z0-9!#$%&()+\-:;<=.>?@[\]^_{}|~]+$/;
/** Hard caps on anything a client sends, so no payload can make the server do unbounded work. */
export const WIRE_LIMITS = { text: 64 * 1024, list: 1000, keys: 1000 } as const;

/** Limits of SPEC sections 1–7 on what a client sends (bytes are UTF-8). */
export const LIMITS = {
  userIDBytes: 32,
  userNameBytes: 256,
  roomIDBytes: 128,
  roomNameBytes: 64,
  /** Longest `roomDestroyDelayTime` any server accepts; a server may be set to allow less. */
  roomDestroyDelaySeconds: 10800,
  /** `count` of one page of members or history. */
  pageCountMin: 1,
  pageCountMax: 100,
  nextFlagLength: 256,
  queryUserIDsMax: 10,
  batchOperationsMax: 100,
  extendedDataLength: 1024,
  localMessageIDLength: 64,
  messageIDLength: 32,
  tokenLength: 4096,
  resumeRoomsMax: 100,
  /** userIDs of one member attribute set or query (SPEC 6b). */
  memberAttributesUserIDsMax: 100,
} as const;

/** Message types a room accepts, and the priorities a sender may ask for. */
export const ROOM_MESSAGE_TYPES = [
  ZIMMessageType.Text,
  ZIMMessageType.Command,
  ZIMMessageType.Barrage,
  ZIMMessageType.Custom,
] as const;
/** The message types a room carries. */
export type RoomMessageType = (typeof ROOM_MESSAGE_TYPES)[number];
export const MESSAGE_PRIORITIES = [ZIMMessagePriority.Low, ZIMMessagePriority.Medium, ZIMMessagePriority.High] as const;

/** The message every argument failure (6000001) carries: the path of the bad field, then the rule. */
export function invalidParameterMessage(path: readonly PropertyKey[] | string, message: string): string {
  const where = typeof path === 'string' ? path : path.map(String).join('.');
  return `Invalid parameter: ${where ? `${where}: ` : ''}${message}`;
}

const idRule =
  (what: string, maxBytes: number): Rule =>
  (value) => {
    if (typeof value !== 'string') return `${what} must be a string`;
    if (value.length === 0) return `${what} must not be empty`;
    // Only ASCII passes the pattern, so characters are bytes here.
    if (value.length > maxBytes) return `${what} must be at most ${maxBytes} bytes`;
    if (!ID_PATTERN.test(value)) return `${what} may hold only letters, digits and !#$%&()+-:;<=.>?@[]^_{}|~`;
    return undefined;
  };

const textRule =
  (what: string, maxBytes: number): Rule =>
  (value) => {
    if (typeof value !== 'string') return `${what} must be a string`;
    // More UTF-16 units than bytes allowed is too long without encoding it.
    if (value.length > maxBytes || byteLength(value) > maxBytes) return `${what} must be at most ${maxBytes} bytes`;
    return undefined;
  };

/** The sender of messages and owner of attributes the server API writes; no user may take it. */
export const SERVER_USER_ID = '@server';

const userIDRule = idRule('userID', LIMITS.userIDBytes);
export const checkUserID: Rule = (value) =>
  value === SERVER_USER_ID ? `userID "${SERVER_USER_ID}" is reserved for the server` : userIDRule(value);
export const checkRoomID: Rule = idRule('roomID', LIMITS.roomIDBytes);
export const checkUserName: Rule = textRule('userName', LIMITS.userNameBytes);
export const checkRoomName: Rule = textRule('roomName', LIMITS.roomNameBytes);

export const checkRoomDestroyDelayTime: Rule = (value) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'roomDestroyDelayTime must be a number of seconds';
  if (!Number.isInteger(value)) return 'roomDestroyDelayTime must be a whole number of seconds';
  if (value < 0) return 'roomDestroyDelayTime must be 0 or more';
  if (value > LIMITS.roomDestroyDelaySeconds) {
    return `roomDestroyDelayTime must be at most ${LIMITS.roomDestroyDelaySeconds} seconds`;
  }
  return undefined;
};

/** `count` of a member list or history page. */
export const checkPageCount: Rule = (value) =>
  typeof value === 'number' && Number.isInteger(value) && value >= LIMITS.pageCountMin && value <= LIMITS.pageCountMax
    ? undefined
    : `count must be ${LIMITS.pageCountMin}…${LIMITS.pageCountMax}`;

export const ROOM_ATTRIBUTES_SHAPE = 'roomAttributes must be an object of string keys and string values';
export const MEMBER_ATTRIBUTES_SHAPE = 'attributes must be an object of string keys and string values';

/** The shape of an attribute map and the wire's hard caps; the room's own limits come later. */
const attributeMapRule =
  (what: string, shape: string): Rule =>
  (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return shape;
    const entries = Object.entries(value);
    if (entries.length > WIRE_LIMITS.keys) return `too many ${what}`;
    for (const [key, text] of entries) {
      if (typeof text !== 'string') return shape;
      if (key.length > WIRE_LIMITS.text || text.length > WIRE_LIMITS.text) {
        return `${what} keys and values must be at most ${WIRE_LIMITS.text} characters`;
      }
    }
    return undefined;
  };

/**
 * Room attributes as a client sends them. The room's own limits (20 keys, key and value bytes)
 * are checked by the server's room core, so they fail with their own codes.
 */
export const checkRoomAttributes: Rule = attributeMapRule('roomAttributes', ROOM_ATTRIBUTES_SHAPE);

/** Member attributes as a client sends them; their limits (6000351–6000353) are the room core's. */
export const checkMemberAttributes: Rule = attributeMapRule('attributes', MEMBER_ATTRIBUTES_SHAPE);

/** The userIDs of a member attribute set or query: 1…100 of them. */
export const checkMemberAttributesUserIDs: Rule = (value) => {
  if (!Array.isArray(value)) return 'userIDs must be an array';
  if (value.length === 0) return 'userIDs must not be empty';
  if (value.length > LIMITS.memberAttributesUserIDsMax) return `at most ${LIMITS.memberAttributesUserIDsMax} userIDs`;
  return undefined;
};

export const checkMessageType: Rule = (value) =>
  (ROOM_MESSAGE_TYPES as readonly unknown[]).includes(value)
    ? undefined
    : 'type must be Text 1, Command 2, Barrage 20 or Custom 200';

/** A message's content: text, or bytes (a Uint8Array; a Buffer in Node). */
export const checkMessageContent: Rule = (value) => {
  if (value instanceof Uint8Array) return undefined;
  if (typeof value !== 'string') return 'message must be text or bytes';
  if (value.length > WIRE_LIMITS.text) return `message must be at most ${WIRE_LIMITS.text} characters`;
  return undefined;
};

/** Custom messages' subType: a whole number, or left out. */
export const checkMessageSubType: Rule = (value) =>
  value === undefined || Number.isInteger(value) ? undefined : 'subType must be a whole number';

export const checkExtendedData: Rule = (value) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return 'extendedData must be a string';
  // Characters, as the server has always counted them (a character is at least one byte).
  if (value.length > LIMITS.extendedDataLength)
    return `extendedData must be at most ${LIMITS.extendedDataLength} bytes`;
  return undefined;
};

export const checkLocalMessageID: Rule = (value) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return 'localMessageID must be a string';
  if (value.length > LIMITS.localMessageIDLength) {
    return `localMessageID must be at most ${LIMITS.localMessageIDLength} characters`;
  }
  return undefined;
};

export const checkMessagePriority: Rule = (value) =>
  (MESSAGE_PRIORITIES as readonly unknown[]).includes(value) ? undefined : 'priority must be Low 1, Medium 2 or High 3';

/** Rooms are the only conversations Convene has: sendMessage's conversationType. */
export const checkMessageConversationType: Rule = (value) =>
  value === ZIMConversationType.Room ? undefined : 'only room messages (conversationType 1) are supported';

/** queryHistoryMessage's conversationType. */
export const checkHistoryConversationType: Rule = (value) =>
  value === ZIMConversationType.Room ? undefined : 'only room history (conversationType 1) is supported';

export const checkToken: Rule = (value) => {
  if (typeof value !== 'string' || value === '') return 'token must be a non-empty string';
  if (value.length > LIMITS.tokenLength) return `token must be at most ${LIMITS.tokenLength} characters`;
  return undefined;
};

/** How many set and delete calls one batch (begin… / end…) may gather. */
export const checkBatchOperationCount: Rule = (value) =>
  Array.isArray(value) && value.length > LIMITS.batchOperationsMax
    ? `at most ${LIMITS.batchOperationsMax} operations in one batch`
    : undefined;
