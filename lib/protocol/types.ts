/** ZIM's data shapes (SPEC sections 1–7), as the SDK returns them and the wire carries them. */
import type {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationType,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageType,
  ZIMRoomAttributesUpdateAction,
  ZIMRoomEvent,
  ZIMRoomState,
} from './enums.ts';

export interface ZIMUserInfo {
  userID: string;
  userName: string;
}
export type ZIMRoomMemberInfo = ZIMUserInfo;

export interface ZIMRoomInfo {
  roomID: string;
  roomName: string;
}

export interface ZIMRoomFullInfo {
  baseInfo: ZIMRoomInfo;
}

export interface ZIMRoomAdvancedConfig {
  roomAttributes?: Record<string, string>;
  /** Seconds, 0…10800. */
  roomDestroyDelayTime?: number;
}

export interface ZIMRoomMemberQueryConfig {
  nextFlag: string;
  count: number;
}

export interface ZIMErrorUserInfo {
  userID: string;
  reason: number;
}

export interface ZIMRoomAttributesSetConfig {
  isForce?: boolean;
  isDeleteAfterOwnerLeft?: boolean;
  isUpdateOwner?: boolean;
}
export type ZIMRoomAttributesBatchOperationConfig = ZIMRoomAttributesSetConfig;

export interface ZIMRoomAttributesDeleteConfig {
  isForce?: boolean;
}

export interface ZIMRoomAttributesUpdateInfo {
  action: ZIMRoomAttributesUpdateAction;
  roomAttributes: Record<string, string>;
}

/** Command messages carry bytes; every other type carries text. */
export type ZIMMessageContent = string | Uint8Array;

/** What a sender passes to `sendMessage`. */
export interface ZIMMessageInput {
  type: ZIMMessageType;
  message: ZIMMessageContent;
  /** Custom messages only. */
  subType?: number;
  extendedData?: string;
  /** Client-chosen; a retried send with the same value is stored and delivered once. */
  localMessageID?: string;
}

/** A room message as stored and delivered. */
export interface ZIMMessage {
  type: ZIMMessageType;
  message: ZIMMessageContent;
  subType?: number;
  extendedData: string;
  /** Server-assigned, a decimal integer increasing within the room. */
  messageID: string;
  localMessageID: string;
  /** Milliseconds since the epoch, server clock. */
  timestamp: number;
  senderUserID: string;
  conversationID: string;
  conversationType: ZIMConversationType;
  direction: ZIMMessageDirection;
  sentStatus: ZIMMessageSentStatus;
  priority: ZIMMessagePriority;
}

export interface ZIMMessageSendConfig {
  priority: ZIMMessagePriority;
}

export interface ZIMMessageQueryConfig {
  count: number;
  /** Page after (or before, see `reverse`) this message; only its messageID is read. */
  nextMessage?: { messageID: string } | null;
  /** false (default): newest first pages, walking back in time; true: oldest first, walking forward. */
  reverse?: boolean;
}

// ---- Event payloads (SDK events, and the server pushes of the same name) ----

export interface ZIMEventOfRoomStateChangedResult {
  roomID: string;
  state: ZIMRoomState;
  event: ZIMRoomEvent;
  extendedData: string;
}

export interface ZIMEventOfRoomMembersChangedResult {
  roomID: string;
  memberList: ZIMUserInfo[];
}

export interface ZIMEventOfRoomAttributesUpdatedResult {
  roomID: string;
  infos: ZIMRoomAttributesUpdateInfo[];
}

export interface ZIMEventOfReceiveConversationMessageResult {
  messageList: ZIMMessage[];
  fromConversationID: string;
}

export interface ZIMMessageReceivedInfo {
  conversationID: string;
  conversationType: ZIMConversationType;
  isOfflineMessage: boolean;
}

export interface ZIMEventOfRoomMessageReceivedResult extends ZIMEventOfReceiveConversationMessageResult {
  info: ZIMMessageReceivedInfo;
}

export interface ZIMEventOfConnectionStateChangedResult {
  state: ZIMConnectionState;
  event: ZIMConnectionEvent;
  extendedData: string;
}

export interface ZIMEventOfTokenWillExpireResult {
  second: number;
}

// ---- Call results ----

export interface ZIMRoomEnteredResult {
  roomInfo: ZIMRoomFullInfo;
}
export interface ZIMRoomLeftResult {
  roomID: string;
}
export interface ZIMRoomAllLeftResult {
  roomIDs: string[];
}
export interface ZIMRoomMemberQueriedResult {
  roomID: string;
  memberList: ZIMUserInfo[];
  nextFlag: string;
}
export interface ZIMRoomMembersQueriedResult {
  roomID: string;
  memberList: ZIMRoomMemberInfo[];
  errorUserList: ZIMErrorUserInfo[];
}
export interface ZIMRoomOnlineMemberCountQueriedResult {
  roomID: string;
  count: number;
}
export interface ZIMRoomAttributesOperatedResult {
  roomID: string;
  errorKeys: string[];
}
export interface ZIMRoomAttributesQueriedResult {
  roomID: string;
  roomAttributes: Record<string, string>;
}
export interface ZIMMessageSentResult {
  message: ZIMMessage;
}
export interface ZIMMessageQueriedResult {
  conversationID: string;
  conversationType: ZIMConversationType;
  messageList: ZIMMessage[];
}
export interface ZIMTokenRenewedResult {
  token: string;
}
