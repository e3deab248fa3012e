/**
 * The wire contract (SPEC section 10). Each client call is a Socket.IO event named after the SDK
 * method, with one payload object and an acknowledgement; each server push is named after the SDK
 * event. A bot or a mobile client can speak this without the SDK.
 */
import { ZIMConversationType, ZIMMessageDirection, ZIMMessageSentStatus } from './enums.ts';
import type { ZIMErrorInfo } from './errors.ts';
import type { AttributesBatchOperation, HandshakeAuth } from './schemas.ts';
import type { RoomMessageType } from './rules.ts';
import type {
  ZIMEventOfConnectionStateChangedResult,
  ZIMMessage,
  ZIMEventOfRoomAttributesUpdatedResult,
  ZIMEventOfRoomMembersAttributesUpdatedResult,
  ZIMEventOfRoomMembersChangedResult,
  ZIMEventOfRoomStateChangedResult,
  ZIMMessageInput,
  ZIMMessageQueriedResult,
  ZIMMessageQueryConfig,
  ZIMMessageSendConfig,
  ZIMMessageSentResult,
  ZIMRoomAdvancedConfig,
  ZIMRoomAllLeftResult,
  ZIMRoomAttributesDeleteConfig,
  ZIMRoomAttributesOperatedResult,
  ZIMRoomAttributesQueriedResult,
  ZIMRoomAttributesSetConfig,
  ZIMRoomFullInfo,
  ZIMRoomInfo,
  ZIMRoomLeftResult,
  ZIMRoomMemberAttributesListQueriedResult,
  ZIMRoomMemberAttributesQueryConfig,
  ZIMRoomMemberAttributesSetConfig,
  ZIMRoomMemberQueriedResult,
  ZIMRoomMemberQueryConfig,
  ZIMRoomMembersAttributesOperatedResult,
  ZIMRoomMembersAttributesQueriedResult,
  ZIMRoomMembersQueriedResult,
  ZIMRoomOnlineMemberCountQueriedResult,
  ZIMTokenRenewedResult,
  ZIMUserInfo,
} from './types.ts';

/** Every acknowledgement carries either the result or a ZIMError. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ZIMErrorInfo };
export type AckCallback<T> = (response: Ack<T>) => void;

/** Messages per page of history: the last page an entered bundle carries, and each earlier page a UI reads. */
export const HISTORY_PAGE_SIZE = 50;

/**
 * What a session gets on entering a room (create, join, enter, switch, resume): the room, its
 * members (up to 500, the caller included), its attributes and its last messages. The SDK turns it
 * into roomStateChanged(Connected), one roomMemberJoined and one roomAttributesUpdated, in that
 * order, and Convene's roomEntered carries all of it.
 */
export interface RoomEntered {
  roomInfo: ZIMRoomFullInfo;
  memberList: ZIMUserInfo[];
  roomAttributes: Record<string, string>;
  /**
   * The last page of history (at most HISTORY_PAGE_SIZE, oldest first), as this session sees
   * it. Absent when the client resumed the room with its last messageID (it has the page; what it
   * missed is replayed after the answer) or when history could not be read (the SDK may query).
   */
  messageList?: ZIMMessage[];
}

/**
 * A room message as broadcast to receivers: only what the stored message does not repeat
 * (conversationID is the push's fromConversationID; direction, sentStatus and conversationType
 * are fixed for a received room message; extendedData and subType only when set). Every byte
 * here is sent once per member, so the SDK fills the rest back in (`expandRoomMessage`).
 */
export type WireRoomMessage = Pick<
  ZIMMessage,
  'type' | 'message' | 'messageID' | 'timestamp' | 'senderUserID' | 'priority'
> &
  Partial<Pick<ZIMMessage, 'subType' | 'extendedData'>>;

export interface WireRoomMessages {
  messageList: WireRoomMessage[];
  fromConversationID: string;
}

/** The broadcast form of a stored message. */
export function slimRoomMessage(m: ZIMMessage): WireRoomMessage {
  const wire: WireRoomMessage = {
    type: m.type,
    message: m.message,
    messageID: m.messageID,
    timestamp: m.timestamp,
    senderUserID: m.senderUserID,
    priority: m.priority,
  };
  if (m.subType !== undefined) wire.subType = m.subType;
  if (m.extendedData) wire.extendedData = m.extendedData;
  return wire;
}

/** The received ZIMMessage a broadcast message stands for. */
export function expandRoomMessage(m: WireRoomMessage, roomID: string): ZIMMessage {
  return {
    ...m,
    extendedData: m.extendedData ?? '',
    localMessageID: '',
    conversationID: roomID,
    conversationType: ZIMConversationType.Room,
    direction: ZIMMessageDirection.Receive,
    sentStatus: ZIMMessageSentStatus.Success,
  };
}

/** The limits of a server that a UI checks or shows, as GET /api/limits serves them. */
export interface ServerLimits {
  maxRoomsPerUser: number;
  maxMembersPerRoom: number;
  maxDestroyDelaySeconds: number;
  historySize: number;
  /** Members listed in the roomMemberJoined a session gets on entering (a list this long may be partial). */
  initialMemberListSize: number;
}

/**
 * Their defaults, in one place: the server's configuration starts from these, and a UI shows them
 * until /api/limits answers.
 */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxRoomsPerUser: 5,
  maxMembersPerRoom: 6000,
  maxDestroyDelaySeconds: 10_800,
  historySize: 200,
  initialMemberListSize: 500,
};

export interface ResumedSession {
  /** The rooms this session still holds on the server; any other room it thought it had is gone. */
  rooms: RoomEntered[];
}

/** The resumeSession answer: the session's rooms, and the node that serves this connection. */
export interface ResumeAnswer extends ResumedSession {
  /**
   * `CONVENE_NODE_ID`: with many nodes behind one URL, the app can show which one a tab reached
   * (a Convene addition; ZIM has no such thing).
   */
  nodeID: string;
  /**
   * The server's cap on the member list of an entered bundle (`CONVENE_INITIAL_MEMBER_LIST`): a
   * list this long may leave members out, so the SDK can say whether one is complete.
   */
  initialMemberListSize: number;
}

export type { HandshakeAuth };

/** A call that takes nothing: an empty object, or no payload at all. */
export type NoPayload = Record<string, never> | null | undefined;

export interface ClientToServerEvents {
  createRoom(p: { roomInfo: ZIMRoomInfo; config?: ZIMRoomAdvancedConfig }, ack: AckCallback<RoomEntered>): void;
  joinRoom(p: { roomID: string }, ack: AckCallback<RoomEntered>): void;
  enterRoom(p: { roomInfo: ZIMRoomInfo; config?: ZIMRoomAdvancedConfig }, ack: AckCallback<RoomEntered>): void;
  switchRoom(
    p: {
      fromRoomID: string;
      toRoomInfo: ZIMRoomInfo;
      isCreateWhenRoomNotExisted: boolean;
      config?: ZIMRoomAdvancedConfig;
    },
    ack: AckCallback<RoomEntered>,
  ): void;
  leaveRoom(p: { roomID: string }, ack: AckCallback<ZIMRoomLeftResult>): void;
  leaveAllRoom(p: NoPayload, ack: AckCallback<ZIMRoomAllLeftResult>): void;
  queryRoomMemberList(
    p: { roomID: string; config: ZIMRoomMemberQueryConfig },
    ack: AckCallback<ZIMRoomMemberQueriedResult>,
  ): void;
  queryRoomMembers(p: { userIDs: string[]; roomID: string }, ack: AckCallback<ZIMRoomMembersQueriedResult>): void;
  queryRoomOnlineMemberCount(p: { roomID: string }, ack: AckCallback<ZIMRoomOnlineMemberCountQueriedResult>): void;
  setRoomAttributes(
    p: { roomAttributes: Record<string, string>; roomID: string; config?: ZIMRoomAttributesSetConfig },
    ack: AckCallback<ZIMRoomAttributesOperatedResult>,
  ): void;
  deleteRoomAttributes(
    p: { keys: string[]; roomID: string; config?: ZIMRoomAttributesDeleteConfig },
    ack: AckCallback<ZIMRoomAttributesOperatedResult>,
  ): void;
  /** The SDK gathers the calls made between begin… and end… and sends them here as one change. */
  endRoomAttributesBatchOperation(
    p: { roomID: string; config?: ZIMRoomAttributesSetConfig; operations: AttributesBatchOperation[] },
    ack: AckCallback<ZIMRoomAttributesOperatedResult>,
  ): void;
  queryRoomAllAttributes(p: { roomID: string }, ack: AckCallback<ZIMRoomAttributesQueriedResult>): void;
  setRoomMembersAttributes(
    p: {
      attributes: Record<string, string>;
      userIDs: string[];
      roomID: string;
      config?: ZIMRoomMemberAttributesSetConfig;
    },
    ack: AckCallback<ZIMRoomMembersAttributesOperatedResult>,
  ): void;
  queryRoomMembersAttributes(
    p: { userIDs: string[]; roomID: string },
    ack: AckCallback<ZIMRoomMembersAttributesQueriedResult>,
  ): void;
  queryRoomMemberAttributesList(
    p: { roomID: string; config: ZIMRoomMemberAttributesQueryConfig },
    ack: AckCallback<ZIMRoomMemberAttributesListQueriedResult>,
  ): void;
  sendMessage(
    p: {
      /** Only the types a room carries (rules.ts ROOM_MESSAGE_TYPES); the SDK refuses others before sending. */
      message: ZIMMessageInput & { type: RoomMessageType };
      toConversationID: string;
      conversationType: 1;
      config?: ZIMMessageSendConfig;
    },
    ack: AckCallback<ZIMMessageSentResult>,
  ): void;
  queryHistoryMessage(
    p: { conversationID: string; conversationType: 1; config: ZIMMessageQueryConfig },
    ack: AckCallback<ZIMMessageQueriedResult>,
  ): void;
  renewToken(p: { token: string }, ack: AckCallback<ZIMTokenRenewedResult>): void;
  /**
   * After a reconnect (or a page reload): which rooms does this session still hold? Each room may
   * carry the last messageID the client has; the later messages follow the answer, once each.
   */
  resumeSession(p: { rooms: { roomID: string; lastMessageID?: string }[] }, ack: AckCallback<ResumeAnswer>): void;
  /** Leaves every room of this session and ends it. */
  logout(p: NoPayload, ack: AckCallback<Record<string, never>>): void;
}

export interface ServerToClientEvents {
  /** Only the transitions the server causes: kicks, another device, destroyed room, timeout. */
  roomStateChanged(data: ZIMEventOfRoomStateChangedResult): void;
  roomMemberJoined(data: ZIMEventOfRoomMembersChangedResult): void;
  roomMemberLeft(data: ZIMEventOfRoomMembersChangedResult): void;
  roomAttributesUpdated(data: ZIMEventOfRoomAttributesUpdatedResult): void;
  roomAttributesBatchUpdated(data: ZIMEventOfRoomAttributesUpdatedResult): void;
  roomMemberAttributesUpdated(data: ZIMEventOfRoomMembersAttributesUpdatedResult): void;
  receiveRoomMessage(data: WireRoomMessages): void;
  /** The server ends the session: token expired, kicked out. The SDK stops reconnecting. */
  connectionStateChanged(data: ZIMEventOfConnectionStateChangedResult): void;
  /**
   * The server is shutting down (SIGTERM): reconnect now. Behind a load balancer the connection
   * lands on another node and the session resumes there within the grace period, rooms kept.
   * The server closes the connection itself right after, as a dropped link (not a logout).
   */
  serverDraining(data: Record<string, never>): void;
}

export type ClientEventName = keyof ClientToServerEvents;
export type ServerEventName = keyof ServerToClientEvents;
export type ClientPayload<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];
export type ClientResult<E extends ClientEventName> =
  Parameters<ClientToServerEvents[E]>[1] extends AckCallback<infer T> ? T : never;
export type ServerPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Names of all client calls, so the server can refuse anything else. */
export const CLIENT_EVENTS = [
  'createRoom',
  'joinRoom',
  'enterRoom',
  'switchRoom',
  'leaveRoom',
  'leaveAllRoom',
  'queryRoomMemberList',
  'queryRoomMembers',
  'queryRoomOnlineMemberCount',
  'setRoomAttributes',
  'deleteRoomAttributes',
  'endRoomAttributesBatchOperation',
  'queryRoomAllAttributes',
  'setRoomMembersAttributes',
  'queryRoomMembersAttributes',
  'queryRoomMemberAttributesList',
  'sendMessage',
  'queryHistoryMessage',
  'renewToken',
  'resumeSession',
  'logout',
] as const satisfies readonly ClientEventName[];
