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
] as const satisfies readonly ZIMEventName[];
