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

/** A user as room members appear in events and queries; the last two are '' unless set (token claims). */
export interface ZIMUserInfo {
  userID: string;
  userName: string;
  userAvatarUrl: string;
  userExtendedData: string;
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

// ---- Member attributes (SPEC 6b) ----

export interface ZIMRoomMemberAttributesSetConfig {
  /** Default true: the attributes go when their member leaves the room. */
  isDeleteAfterOwnerLeft?: boolean;
}

export interface ZIMRoomMemberAttributesInfo {
  userID: string;
  attributes: Record<string, string>;
}

export interface ZIMRoomMemberAttributesOperatedInfo {
  attributesInfo: ZIMRoomMemberAttributesInfo;
  errorKeys: string[];
}

export interface ZIMRoomMemberAttributesUpdateInfo {
  attributesInfo: ZIMRoomMemberAttributesInfo;
}

/** Who made a change. */
export interface ZIMRoomOperatedInfo {
  userID: string;
}

export interface ZIMRoomMemberAttributesQueryConfig {
  nextFlag: string;
  count: number;
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
  /**
   * Page after (or before, see `reverse`) this message; only its messageID is read. Any message
   * object will do (ZIM types `messageID` as optional); one without an ID starts from the end.
   */
  nextMessage?: { messageID?: string | undefined } | null;
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

/**
 * A member's attributes changed: each info carries that member's whole attribute map after the
 * change (ZIM has only the Set action, so a map without a key means the key is gone).
 */
export interface ZIMEventOfRoomMembersAttributesUpdatedResult {
  roomID: string;
  infos: ZIMRoomMemberAttributesUpdateInfo[];
  operatedInfo: ZIMRoomOperatedInfo;
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
export interface ZIMRoomMembersAttributesOperatedResult {
  roomID: string;
  infos: ZIMRoomMemberAttributesOperatedInfo[];
  /** Targets that are not in the room. */
  errorUserList: string[];
}
export interface ZIMRoomMembersAttributesQueriedResult {
  roomID: string;
  infos: ZIMRoomMemberAttributesInfo[];
}
export interface ZIMRoomMemberAttributesListQueriedResult {
  roomID: string;
  infos: ZIMRoomMemberAttributesInfo[];
  nextFlag: string;
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
