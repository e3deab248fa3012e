/**
 * Where room state lives. Every method is async so a shared store (Redis, SPEC section 11) can
 * implement the same interface; the memory store is the embedded default. Sessions and timers are
 * not here: they belong to the node a session is connected to.
 */
import type { ZIMMessage, ZIMUserInfo } from '../../lib/protocol/index.ts';

export interface RoomMeta {
  roomID: string;
  roomName: string;
  createdAt: number;
  /** Seconds the room lives on once empty. */
  destroyDelaySeconds: number;
  /** Set while the room is empty and waiting out its destroy delay. */
  destroyAt?: number | undefined;
}

export interface MemberRecord {
  user: ZIMUserInfo;
  /** Join order in the room; the member list pages by it. */
  seq: number;
  sessionIDs: string[];
}

export interface AttributeRecord {
  value: string;
  /** userID of the key's owner. */
  owner: string;
  deleteAfterOwnerLeft: boolean;
}

/** One member attribute (SPEC 6b): the member it belongs to is the map's key, not a field. */
export interface MemberAttributeRecord {
  value: string;
  /** userID of the member who set it. */
  setter: string;
  /** false: kept after the member leaves, as long as the setter stays. */
  deleteAfterOwnerLeft: boolean;
}
export type MemberAttributeMap = Map<string, MemberAttributeRecord>;

/** A member's attributes with their place in the room's list (the order members first got some). */
export interface MemberAttributesEntry {
  userID: string;
  seq: number;
  attributes: MemberAttributeMap;
}

export type CreateRoomOutcome = 'created' | 'exists' | 'limit';

export interface HistoryQuery {
  count: number;
  /** Messages with a lower (or, when `reverse`, higher) sequence than this; absent: from the end. */
  fromSeq?: number | undefined;
  /** false: the newest `count` before `fromSeq`; true: the oldest `count` after it. */
  reverse: boolean;
}

export interface RoomStore {
  /** Runs `fn` holding every lock in `keys` (taken in sorted order, so no deadlock). */
  withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T>;

  getRoom(roomID: string): Promise<RoomMeta | undefined>;
  /** Creates the room unless it exists or the store already holds `maxRooms` rooms. */
  createRoom(meta: RoomMeta, maxRooms: number): Promise<CreateRoomOutcome>;
  setDestroyAt(roomID: string, destroyAt: number | undefined): Promise<void>;
  /** Drops the room with its members, attributes and history. */
  deleteRoom(roomID: string): Promise<void>;
  countRooms(): Promise<number>;
  /** Rooms in roomID order with roomID > `afterRoomID`, at most `limit`; `more` when others follow. */
  listRooms(afterRoomID: string, limit: number): Promise<{ rooms: RoomMeta[]; more: boolean }>;

  /** Adds a session of the user to the room; `firstSession` when the user was not a member. */
  addMemberSession(roomID: string, user: ZIMUserInfo, sessionID: string): Promise<{ firstSession: boolean }>;
  /** Removes a session; `lastSession` when the user is no longer a member. */
  removeMemberSession(roomID: string, userID: string, sessionID: string): Promise<{ lastSession: boolean }>;
  getMember(roomID: string, userID: string): Promise<MemberRecord | undefined>;
  countMembers(roomID: string): Promise<number>;
  /** Members in join order with seq > afterSeq, at most `limit`; `more` when others follow. */
  listMembers(roomID: string, afterSeq: number, limit: number): Promise<{ members: MemberRecord[]; more: boolean }>;
  /** The rooms the user is a member of (through any session). */
  userRooms(userID: string): Promise<string[]>;

  getAttributes(roomID: string): Promise<Map<string, AttributeRecord>>;
  /** Replaces the room's attributes with `next` (the room core computes it). */
  putAttributes(roomID: string, next: Map<string, AttributeRecord>): Promise<void>;

  /** Member attributes of those of `userIDs` that have some. */
  getMemberAttributes(roomID: string, userIDs: readonly string[]): Promise<Map<string, MemberAttributeMap>>;
  /** Replaces each user's member attributes; an empty map removes the user from the list. */
  putMemberAttributes(roomID: string, changes: ReadonlyMap<string, MemberAttributeMap>): Promise<void>;
  /** Users with member attributes in the order they got them, seq > afterSeq, at most `limit`. */
  listMemberAttributes(roomID: string, afterSeq: number, limit: number): Promise<{ entries: MemberAttributesEntry[]; more: boolean }>;
  /** How many users of the room have member attributes. */
  countMemberAttributeUsers(roomID: string): Promise<number>;

  /** Gives the message the room's next sequence number, keeps it in history (at most `keep`). */
  appendMessage(roomID: string, build: (seq: number) => ZIMMessage, keep: number): Promise<ZIMMessage>;
  /** A message this sender already sent with this localMessageID, if any. */
  findSentMessage(roomID: string, senderUserID: string, localMessageID: string): Promise<ZIMMessage | undefined>;
  history(roomID: string, query: HistoryQuery): Promise<ZIMMessage[]>;
}
