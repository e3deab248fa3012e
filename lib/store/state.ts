/** The shape of the app's state and its actions; the store itself is in convene-store.ts. */
import type { StoreApi } from 'zustand/vanilla';
import {
  ZIMConnectionEvent,
  ZIMConnectionState,
  isZIMErrorInfo,
  type ZIMErrorInfo,
  type ZIMRoomEvent,
  type ZIMRoomState,
} from '../protocol/client.ts';
import type {
  ZIMEventOfConnectionStateChangedResult,
  ZIMEventOfReceiveConversationMessageResult,
  ZIMEventOfRoomAttributesUpdatedResult,
  ZIMEventOfRoomMembersChangedResult,
  ZIMEventOfRoomStateChangedResult,
  ZIMEventOfTokenWillExpireResult,
  ZIMMessage,
  ZIMUserInfo,
} from '../protocol/client.ts';
import type { ZIMRoomEnteredEvent, ZIMSessionEndedEvent } from '../zim/sdk-types.ts';
import type { ClassEnding, MemberAttributes, MemberAttributesInfo, MemberAttributesUpdate } from './class-state.ts';
import type { LogEntry } from './event-log.ts';

export function toErrorInfo(error: unknown): ZIMErrorInfo {
  if (isZIMErrorInfo(error)) return { code: error.code, message: error.message };
  return { code: 0, message: error instanceof Error ? error.message : String(error) };
}

/** unknown: before the page has looked for a saved session (and during server rendering). */
export type SessionStatus = 'unknown' | 'signedOut' | 'signingIn' | 'restoring' | 'signedIn';
export type HistoryStatus = 'idle' | 'loading' | 'loaded' | 'failed';

export interface RoomView {
  roomID: string;
  roomName: string;
  state: ZIMRoomState;
  event: ZIMRoomEvent;
  /** A create/enter/switch to a room this session is already in is under way. */
  pending: boolean;
  /** Keyed by userID: one user with two tabs is one member. */
  members: Record<string, ZIMUserInfo>;
  /**
   * userID → name of everyone this tab has seen in the room, kept after they leave: their
   * messages stay signed with their name.
   */
  names: Record<string, string>;
  memberCount: number;
  attributes: Record<string, string>;
  /** userID → member attributes (SPEC 6b): raised hands live here. */
  memberAttributes: MemberAttributes;
  /** Ascending by messageID. */
  messages: ZIMMessage[];
  history: HistoryStatus;
  /** Whether older messages may exist on the server beyond the first one held. */
  hasEarlier: boolean;
  unread: number;
}

/** A room this session was taken out of, not by its own doing (kicked, room ended, timed out). */
export interface RoomNotice {
  id: number;
  roomID: string;
  roomName: string;
  event: ZIMRoomEvent;
  /** Who ran the class and why it ended for this session, as known when it did. */
  ending: ClassEnding;
}

export interface ConveneState {
  user: ZIMUserInfo | null;
  sessionStatus: SessionStatus;
  /** Why the last sign-in failed or the session ended, for the sign-in screen. */
  sessionError: ZIMErrorInfo | null;
  connection: { state: ZIMConnectionState; event: ZIMConnectionEvent };
  rooms: Record<string, RoomView>;
  /** Tab order: the order the session entered its rooms. */
  roomOrder: string[];
  activeRoomID: string | null;
  /** Newest first. */
  log: LogEntry[];
  notices: RoomNotice[];
  tokenExpiresInSeconds: number | null;
  /** The server node this tab is connected to (one of many behind one URL, SPEC 11). */
  serverNodeID: string | null;
}

export interface ConveneActions {
  // ---- SDK events, one action each, same name ----
  connectionStateChanged: (data: ZIMEventOfConnectionStateChangedResult) => void;
  roomStateChanged: (data: ZIMEventOfRoomStateChangedResult) => void;
  /** Convene's: the room's name, members and attributes as the server has them on (re-)entering. */
  roomEntered: (data: ZIMRoomEnteredEvent) => void;
  /** Convene's: the session ended for good, with the error that says why. */
  sessionEnded: (data: ZIMSessionEndedEvent) => void;
  roomMemberJoined: (data: ZIMEventOfRoomMembersChangedResult) => void;
  roomMemberLeft: (data: ZIMEventOfRoomMembersChangedResult) => void;
  roomAttributesUpdated: (data: ZIMEventOfRoomAttributesUpdatedResult) => void;
  roomAttributesBatchUpdated: (data: ZIMEventOfRoomAttributesUpdatedResult) => void;
  roomMemberAttributesUpdated: (data: MemberAttributesUpdate) => void;
  receiveRoomMessage: (data: ZIMEventOfReceiveConversationMessageResult) => void;
  tokenWillExpire: (data: ZIMEventOfTokenWillExpireResult) => void;
  /** The SDK's `error` event: a failure that belongs to no call (e.g. restoring rooms). */
  sdkError: (data: ZIMErrorInfo) => void;
  serverNodeChanged: (data: { nodeID: string }) => void;
  // ---- results of the session's own calls ----
  signingIn: (user: ZIMUserInfo, restoring: boolean) => void;
  signedIn: (user: ZIMUserInfo) => void;
  /** `error`: the sign-in failed or the server ended the session. */
  signedOut: (error?: unknown) => void;
  /** A full member list (all pages of queryRoomMemberList) replaces what is held. */
  roomMemberListQueried: (roomID: string, memberList: ZIMUserInfo[]) => void;
  /** Every page of queryRoomMemberAttributesList: replaces what is held. */
  roomMemberAttributesListQueried: (roomID: string, infos: MemberAttributesInfo[]) => void;
  historyLoading: (roomID: string) => void;
  /** `hasEarlier`: whether the server may hold older messages; undefined leaves what is known. */
  historyMessageQueried: (roomID: string, messageList: ZIMMessage[], hasEarlier?: boolean) => void;
  historyFailed: (roomID: string) => void;
  messageSent: (roomID: string, message: ZIMMessage) => void;
  // ---- UI ----
  selectRoom: (roomID: string) => void;
  dismissNotice: (id: number) => void;
}

export type ConveneStore = ConveneState & ConveneActions;
export type ConveneStoreApi = StoreApi<ConveneStore>;

export function initialConveneState(): ConveneState {
  return {
    user: null,
    sessionStatus: 'unknown',
    sessionError: null,
    connection: { state: ZIMConnectionState.Disconnected, event: ZIMConnectionEvent.Success },
    rooms: {},
    roomOrder: [],
    activeRoomID: null,
    log: [],
    notices: [],
    tokenExpiresInSeconds: null,
    serverNodeID: null,
  };
}

export function newRoom(roomID: string, roomName: string, state: ZIMRoomState, event: ZIMRoomEvent): RoomView {
  return {
    roomID,
    roomName,
    state,
    event,
    pending: false,
    members: {},
    names: {},
    memberCount: 0,
    attributes: {},
    memberAttributes: {},
    messages: [],
    history: 'idle',
    hasEarlier: false,
    unread: 0,
  };
}
