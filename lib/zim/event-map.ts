/** The SDK's events and the shapes of their payloads (ZIM's `zim.on(name, (zim, data) => …)`). */
import type {
  ZIMErrorInfo,
  ZIMEventOfConnectionStateChangedResult,
  ZIMEventOfReceiveConversationMessageResult,
  ZIMEventOfRoomAttributesUpdatedResult,
  ZIMEventOfRoomMembersAttributesUpdatedResult,
  ZIMEventOfRoomMembersChangedResult,
  ZIMEventOfRoomMessageReceivedResult,
  ZIMEventOfRoomStateChangedResult,
  ZIMEventOfTokenWillExpireResult,
} from '../protocol/client.ts';
import type { ZIMRoomEnteredEvent, ZIMSessionEndedEvent } from './sdk-types.ts';

export interface ZIMEventMap {
  connectionStateChanged: ZIMEventOfConnectionStateChangedResult;
  roomStateChanged: ZIMEventOfRoomStateChangedResult;
  roomMemberJoined: ZIMEventOfRoomMembersChangedResult;
  roomMemberLeft: ZIMEventOfRoomMembersChangedResult;
  roomAttributesUpdated: ZIMEventOfRoomAttributesUpdatedResult;
  roomAttributesBatchUpdated: ZIMEventOfRoomAttributesUpdatedResult;
  roomMemberAttributesUpdated: ZIMEventOfRoomMembersAttributesUpdatedResult;
  /** ZIM 2.0–2.17 name for room messages; emitted together with `roomMessageReceived`. */
  receiveRoomMessage: ZIMEventOfReceiveConversationMessageResult;
  roomMessageReceived: ZIMEventOfRoomMessageReceivedResult;
  tokenWillExpire: ZIMEventOfTokenWillExpireResult;
  /** Failures that belong to no call, e.g. restoring the rooms after a reconnect failed. */
  error: ZIMErrorInfo;
  /**
   * Convene's addition (not ZIM's): the server node this session is connected to, after a
   * connect reached a node other than the last one (many nodes behind one URL, SPEC 11).
   */
  serverNodeChanged: { nodeID: string };
  /**
   * Convene's addition: a room as the server described it on entering, in one piece (ZIM splits
   * it into roomStateChanged, roomMemberJoined and roomAttributesUpdated, which still follow).
   * Once per room at every create, join, enter or switch answer, and at every resume.
   */
  roomEntered: ZIMRoomEnteredEvent;
  /** Convene's addition: the session ended for good (kicked out, token refused, logged out…), with why. */
  sessionEnded: ZIMSessionEndedEvent;
}

export type ZIMEventName = keyof ZIMEventMap;

/** A listener gets the instance first, as in ZIM, so one handler can serve several instances. */
export type ZIMEventListener<Z, K extends ZIMEventName> = (zim: Z, data: ZIMEventMap[K]) => void;

/** One record of the catch-all `subscribe` stream (event logs, store binders, tests). */
export type ZIMAnyEvent = { [K in ZIMEventName]: { name: K; data: ZIMEventMap[K] } }[ZIMEventName];

export const ZIM_EVENT_NAMES = [
  'connectionStateChanged',
  'roomStateChanged',
  'roomMemberJoined',
  'roomMemberLeft',
  'roomAttributesUpdated',
  'roomAttributesBatchUpdated',
  'roomMemberAttributesUpdated',
  'receiveRoomMessage',
  'roomMessageReceived',
  'tokenWillExpire',
  'error',
  'serverNodeChanged',
  'roomEntered',
  'sessionEnded',
] as const satisfies readonly ZIMEventName[];
