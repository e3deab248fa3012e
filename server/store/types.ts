/**
 * Where room state lives: the one source of truth for rooms, members (both ways: a room's
 * sessions and a session's rooms), sessions, timers, limits, attributes, message order, history
 * and de-duplication. Each room call is one atomic step of the store that checks its limits,
 * changes the state and emits the resulting event with the room's next sequence number; nodes
 * deliver a room's events to their own sockets only from the store's feed, in that order. The
 * memory store is the embedded default; the Redis store (SPEC section 11) shares rooms between
 * processes with the same steps as Lua scripts.
 */
import type { ServerEventName, ZIMMessage, ZIMRoomInfo, ZIMUserInfo } from '../../lib/protocol/index.ts';
import type { ExitType } from '../rooms/room-events.ts';

export type StoreKind = 'memory' | 'redis';

export interface RoomMeta {
  roomID: string;
  roomName: string;
  createdAt: number;
  /** Seconds the room lives on once empty. */
  destroyDelaySeconds: number;
  /** Set while the room is empty and waiting out its destroy delay. */
  destroyAt?: number | undefined;
  /** Who created the room ('' when the server API did): recorded by the store, never an attribute. */
  creatorUserID?: string;
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

export interface HistoryQuery {
  count: number;
  /** Messages with a lower (or, when `reverse`, higher) sequence than this; absent: from the end. */
  fromSeq?: number | undefined;
  /** false: the newest `count` before `fromSeq`; true: the oldest `count` after it. */
  reverse: boolean;
}

/** A join or leave of a user (its first session in, its last session out), at the room's seq. */
export interface MemberChange {
  seq: number;
  kind: 'join' | 'leave';
  user: ZIMUserInfo;
}

/** A push in a room event: to one session (`to`), or to the room's sessions but `except`. */
export interface Push {
  event: ServerEventName;
  data: unknown;
  to?: string | undefined;
  except?: string[] | undefined;
}

/**
 * What one atomic step did to a room, as every node delivers it. Applied in this order: the
 * `left` sessions stop receiving the room, then the pushes go out, then the member changes
 * (each session gets those after its own entry; SPEC 4 batching decides when they come).
 */
export interface RoomEvent {
  roomID: string;
  seq: number;
  left?: string[] | undefined;
  pushes?: Push[] | undefined;
  members?: MemberChange[] | undefined;
  /** The room is gone; nobody receives it any more. */
  destroyed?: boolean | undefined;
}

/** Facts for RoomEvents (webhooks, logs, metrics), reported by the node whose step made them. */
export type RoomFact =
  | { type: 'roomCreated'; roomID: string; roomName: string; userID: string | undefined }
  | { type: 'roomDestroyed'; roomID: string }
  | { type: 'memberJoined'; roomID: string; userID: string }
  | { type: 'memberLeft'; roomID: string; userID: string; exitType: ExitType };

/** The caller of a room step: a session of a user on a node. */
export interface Caller {
  sessionID: string;
  user: ZIMUserInfo;
}

export interface EnterRequest {
  /** create: fails when it exists; join: fails when it does not; enter: either. */
  mode: 'create' | 'join' | 'enter';
  roomInfo: ZIMRoomInfo;
  destroyDelaySeconds: number;
  /** The attributes a created room starts with (owned by the caller). */
  attributes: Record<string, AttributeRecord>;
  /** switchRoom: the room the session leaves in the same step (it must be in it). */
  fromRoomID?: string | undefined;
}

export type EnterFailure =
  'exists' | 'not-exist' | 'server-limit' | 'user-limit' | 'create-rate' | 'full' | 'not-in-from' | 'session-gone';

/** What the entering session sees (SPEC 4: the member list starts with its own user). */
export interface EnterSuccess {
  ok: true;
  meta: RoomMeta;
  /** The room's event sequence after this step: the session receives what comes after it. */
  seq: number;
  /** Whether the session was already in the room (nothing changed). */
  already: boolean;
  memberList: ZIMUserInfo[];
  attributes: Record<string, string>;
  /**
   * The room's latest messages (HISTORY_PAGE_SIZE, oldest first), read right after the step in
   * the same round trip as the member list; absent when not asked for or not readable just then.
   */
  messages?: ZIMMessage[];
  facts: RoomFact[];
}

export type EnterResult = EnterSuccess | { ok: false; failure: EnterFailure };

export type LeaveResult = { ok: true; seq: number; facts: RoomFact[] } | { ok: false };

/** A message to send: everything but its messageID, which the store assigns in room order. */
export type MessageDraft = Omit<ZIMMessage, 'messageID'>;

/** `reused-id`: the localMessageID was used before for other content (not a retry). */
export type SendResult =
  { ok: true; message: ZIMMessage; duplicate: boolean } | { ok: false; failure: 'not-in-room' | 'reused-id' };

export interface AttributesSnapshot {
  records: Map<string, AttributeRecord>;
  /** Changes on every write; a commit against an older version is refused (and retried). */
  version: number;
}

export type CommitResult = 'ok' | 'conflict' | 'not-in-room';

export interface OpenedSession {
  restored: boolean;
  rooms: string[];
  seen?: Record<string, number> | undefined;
}

/**
 * A session ID of another user, or a new session beyond the user's limit, opens nothing. One
 * being ended (its grace period ran out, on this node or another, its leaves under way) opens
 * nothing yet: once its end is over the ID opens a new session.
 */
export type OpenSessionResult = OpenedSession | { otherUser: true } | { tooMany: true } | { ending: true };

export interface StoreSettings {
  maxRooms: number;
  /** Rooms a user is in, plus the empty ones it created that wait out a destroy delay. */
  maxRoomsPerUser: number;
  /** A user's sessions, live or in their grace period; a new one beyond is refused. */
  maxSessionsPerUser: number;
  /** Rooms a user may create in any 60 s (0: no limit). */
  roomCreationsPerMinute: number;
  maxMembersPerRoom: number;
  initialMemberListSize: number;
  historySize: number;
  /** Bytes of history all rooms together keep; past it the oldest rooms' oldest messages go first. */
  historyBudgetBytes: number;
  /** Redis only: events, and bytes of them, a room's log keeps for nodes that missed some. */
  eventLogSize: number;
  eventLogBytes: number;
  memberBatchWindowMs: number;
  gracePeriodMs: number;
  singleDevicePerRoom: boolean;
  nodeID: string;
  nodeLeaseMs: number;
  /** Redis only: a command unanswered this long fails (6000301). */
  redisTimeoutMs: number;
}

/** Work the store asks its nodes to do when a timer falls due (one node does each). */
export type DueWork = { type: 'session-expired'; caller: Caller; rooms: string[] };

export interface StoreHooks {
  /** A room event, in sequence order per room, for rooms this node watches. */
  onEvent(event: RoomEvent): void;
  /** Facts of steps the store ran by itself (timers): the node reports them. */
  onFacts(facts: RoomFact[]): void;
  /** A session's grace period ended: the node removes it from its rooms (as Timeout). */
  onDue(work: DueWork): Promise<void>;
  /** The store lost this node's state (swept while paused, or Redis lost its data). */
  onLost(reason: 'swept' | 'epoch'): void;
  /** The feed was cut and is back: events may have been missed in any watched room. */
  onFeedRestored?(): void;
}

export interface RoomStore {
  readonly kind: StoreKind;
  /** Starts timers, leases and the feed; `hooks` receive what the store delivers. */
  start(hooks: StoreHooks): Promise<void>;
  /** Hands over: this node's sessions stay resumable on others (or, in memory, just stops). */
  stop(): Promise<void>;
  /**
   * Takes one handshake from the address's budget (a token bucket of `perSecond`, holding at most
   * `burst`) shared by every node; false when it is empty. Absent: one process keeps its own.
   */
  takeHandshake?(address: string, perSecond: number, burst: number): Promise<boolean>;
  reachable(): Promise<boolean>;

  /** The node delivers this room's events to its sockets from now on (before entering it). */
  watch(roomID: string): Promise<void>;
  unwatch(roomID: string): Promise<void>;
  /** Events after `afterSeq` (a gap in the feed); undefined when the store no longer has them all. */
  eventsAfter(roomID: string, afterSeq: number): Promise<RoomEvent[] | undefined>;

  /**
   * Registers a connection's session here; `restored` when it existed (on any node), with what
   * the node it dropped from had delivered (`seen`: roomID → seq) when that node said so.
   */
  openSession(caller: Caller): Promise<OpenSessionResult>;
  /** The connection dropped: the session keeps its rooms for the grace period. */
  dropSession(sessionID: string, seen?: Record<string, number>): Promise<void>;
  /** The session's rooms, from the store. */
  sessionRooms(sessionID: string): Promise<string[]>;
  /**
   * Ends the session: from now on it enters nothing. Returns the rooms it was still in, which
   * the caller then leaves one step each.
   */
  endSession(sessionID: string): Promise<string[]>;

  enter(caller: Caller, request: EnterRequest): Promise<EnterResult>;
  /** The room as the session sees it when it is in it (a resume), changing nothing; its latest messages when asked. */
  inRoom(caller: Caller, roomID: string, withMessages: boolean): Promise<EnterSuccess | undefined>;
  leave(caller: Caller, roomID: string, exitType: ExitType): Promise<LeaveResult>;
  send(caller: Caller, roomID: string, draft: MessageDraft): Promise<SendResult>;
  attributes(roomID: string): Promise<AttributesSnapshot>;
  /** Writes the attributes computed from `snapshot` and pushes `push` to the room, atomically. */
  commitAttributes(
    caller: Caller,
    roomID: string,
    version: number,
    next: Map<string, AttributeRecord>,
    push: Push,
  ): Promise<CommitResult>;

  getRoom(roomID: string): Promise<RoomMeta | undefined>;
  countRooms(): Promise<number>;
  getMember(roomID: string, userID: string): Promise<MemberRecord | undefined>;
  countMembers(roomID: string): Promise<number>;
  /** Members in join order with seq > afterSeq, at most `limit`; `more` when others follow. */
  listMembers(roomID: string, afterSeq: number, limit: number): Promise<{ members: MemberRecord[]; more: boolean }>;
  /** The rooms the user is a member of (through any session). */
  userRooms(userID: string): Promise<string[]>;
  history(roomID: string, query: HistoryQuery): Promise<ZIMMessage[]>;
}
