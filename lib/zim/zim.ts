/**
 * The ZIM class: ZIM's Web SDK room API, method for method, over Convene's Socket.IO protocol.
 * Each instance is one user's session, so one process (a test, a bot) can be many users.
 */
import {
  ZIMError,
  ZIMErrorCode,
  checkToken,
  checkUserID,
  checkUserName,
  type ZIMConnectionState,
  type ZIMMessageInput,
  type ZIMMessageQueryConfig,
  type ZIMMessageSendConfig,
  type ZIMRoomAdvancedConfig,
  type ZIMRoomAttributesBatchOperationConfig,
  type ZIMRoomAttributesDeleteConfig,
  type ZIMRoomAttributesSetConfig,
  type ZIMRoomInfo,
  type ZIMRoomMemberAttributesQueryConfig,
  type ZIMRoomMemberAttributesSetConfig,
  type ZIMRoomMemberQueryConfig,
  type ZIMUserInfo,
} from '../protocol/client.ts';
import * as attributes from './attribute-calls.ts';
import { Connection } from './connection.ts';
import { checked, type ZIMCore } from './core.ts';
import { Emitter } from './emitter.ts';
import type { ZIMAnyEvent, ZIMEventListener, ZIMEventMap, ZIMEventName } from './event-map.ts';
import * as memberAttributes from './member-attribute-calls.ts';
import * as messages from './message-calls.ts';
import { bindPushes } from './pushes.ts';
import * as queries from './query-calls.ts';
import * as roomCalls from './room-calls.ts';
import { RoomRegistry } from './room-registry.ts';
import type { ZIMAppConfig, ZIMCreateOptions, ZIMLoginConfig, ZIMMessageSendNotification } from './sdk-types.ts';

export const ZIM_SDK_VERSION = '0.1.0-convene';

export class ZIM {
  private static first: ZIM | undefined;

  /** A new, independent instance at every call. ZIM's `{ appID, appSign }` is accepted and ignored. */
  static create(options: ZIMCreateOptions | ZIMAppConfig = {}): ZIM {
    const zim = new ZIM(options);
    ZIM.first ??= zim;
    return zim;
  }

  /** The first instance created (one with default options if none was). */
  static getInstance(): ZIM {
    return ZIM.first ?? ZIM.create();
  }

  static getVersion(): string {
    return ZIM_SDK_VERSION;
  }

  private readonly events: Emitter<ZIM>;
  private readonly core: ZIMCore;

  private constructor(options: ZIMCreateOptions | ZIMAppConfig) {
    this.events = new Emitter<ZIM>(this);
    const events = this.events as Emitter<unknown>;
    const rooms = new RoomRegistry(events);
    const attributeBatches: ZIMCore['attributeBatches'] = new Map();
    const connection = new Connection(serverURL(options.server), options.persistSession !== false, {
      events,
      rooms,
      bindPushes: (socket) => bindPushes(socket, { events, rooms, attributeBatches }),
      onEnded: () => attributeBatches.clear(),
    });
    this.core = { events, rooms, connection, attributeBatches };
  }

  // ---- Listeners ----

  /** One listener per event, as in ZIM: calling `on` again replaces it. */
  on<K extends ZIMEventName>(name: K, listener: ZIMEventListener<ZIM, K>): void;
  /**
   * A listener typed with zego-zim-web's own handler table, whose first parameter is ZIM's class:
   * it gets this instance, which has the room, message and login API such a handler uses.
   */
  on<K extends ZIMEventName>(name: K, listener: (zim: never, data: ZIMEventMap[K]) => void): void;
  on<K extends ZIMEventName>(name: K, listener: (zim: never, data: ZIMEventMap[K]) => void): void {
    this.events.on(name, listener as ZIMEventListener<ZIM, K>);
  }

  off(name: ZIMEventName): void {
    this.events.off(name);
  }

  /**
   * Convene's addition: listeners that never take the app's `on` slot and that `off` never
   * removes, as many as wanted. With a name, a typed listener of that event; without, an observer
   * of every event. Returns the teardown.
   */
  subscribe<K extends ZIMEventName>(name: K, listener: (data: ZIMEventMap[K]) => void): () => void;
  subscribe(observer: (event: ZIMAnyEvent) => void): () => void;
  subscribe<K extends ZIMEventName>(
    nameOrObserver: K | ((event: ZIMAnyEvent) => void),
    listener?: (data: ZIMEventMap[K]) => void,
  ): () => void {
    if (typeof nameOrObserver === 'function') return this.events.subscribe(nameOrObserver);
    if (!listener) throw new ZIMError(ZIMErrorCode.InvalidParameter, 'subscribe(name, listener) needs a listener');
    return this.events.listen(nameOrObserver, listener);
  }

  // ---- Session ----

  login(userID: string, config?: ZIMLoginConfig): Promise<void>;
  /** ZIM 2.x's legacy form. */
  login(userInfo: Partial<ZIMUserInfo> & { userID: string }, token?: string): Promise<void>;
  async login(
    who: string | (Partial<ZIMUserInfo> & { userID: string }),
    second?: ZIMLoginConfig | string,
  ): Promise<void> {
    const legacy = typeof who === 'object' && who !== null;
    const userID = legacy ? who.userID : who;
    const userName = legacy ? who.userName : typeof second === 'object' ? second?.userName : undefined;
    const token = legacy
      ? typeof second === 'string'
        ? second
        : undefined
      : typeof second === 'object'
        ? second?.token
        : undefined;
    const user: ZIMUserInfo = {
      userID: checked<string>('', userID, checkUserID),
      userName: checked<string>('', userName ?? '', checkUserName),
      userAvatarUrl: '',
      userExtendedData: '',
    };
    return this.core.connection.start(user, token || undefined);
  }

  logout(): Promise<void> {
    return this.core.connection.logout();
  }

  async renewToken(token: string): Promise<{ token: string }> {
    return this.core.connection.renewToken(checked<string>('token', token, checkToken));
  }

  /** Drops the connection without leaving anything and silences every listener. */
  destroy(): void {
    this.events.clear();
    this.core.connection.destroy();
    this.core.attributeBatches.clear();
    if (ZIM.first === this) ZIM.first = undefined;
  }

  getConnectionState(): ZIMConnectionState {
    return this.core.connection.getState();
  }

  getUserInfo(): ZIMUserInfo | undefined {
    return this.core.connection.getUser();
  }

  /** Convene's addition: the server node this session is connected to (see `serverNodeChanged`). */
  getServerNodeID(): string | undefined {
    return this.core.connection.getNodeID();
  }

  /** The rooms this session is in (still listed while a reconnect is restoring them). */
  getRoomIDs(): string[] {
    return this.core.rooms.ids();
  }

  // ---- Rooms ----

  createRoom(roomInfo: ZIMRoomInfo, config?: ZIMRoomAdvancedConfig) {
    return roomCalls.createRoom(this.core, roomInfo, config);
  }
  joinRoom(roomID: string) {
    return roomCalls.joinRoom(this.core, roomID);
  }
  enterRoom(roomInfo: ZIMRoomInfo, config?: ZIMRoomAdvancedConfig) {
    return roomCalls.enterRoom(this.core, roomInfo, config);
  }
  switchRoom(
    fromRoomID: string,
    toRoomInfo: ZIMRoomInfo,
    isCreateWhenRoomNotExisted: boolean,
    config?: ZIMRoomAdvancedConfig,
  ) {
    return roomCalls.switchRoom(this.core, fromRoomID, toRoomInfo, isCreateWhenRoomNotExisted, config);
  }
  leaveRoom(roomID: string) {
    return roomCalls.leaveRoom(this.core, roomID);
  }
  /** Arguments are ignored: ZIM's own sample passes an array. */
  leaveAllRoom(..._ignored: unknown[]) {
    return roomCalls.leaveAllRoom(this.core);
  }

  queryRoomMemberList(roomID: string, config: ZIMRoomMemberQueryConfig) {
    return queries.queryRoomMemberList(this.core, roomID, config);
  }
  queryRoomMembers(userIDs: string[], roomID: string) {
    return queries.queryRoomMembers(this.core, userIDs, roomID);
  }
  queryRoomOnlineMemberCount(roomID: string) {
    return queries.queryRoomOnlineMemberCount(this.core, roomID);
  }

  // ---- Room attributes ----

  setRoomAttributes(roomAttributes: Record<string, string>, roomID: string, config?: ZIMRoomAttributesSetConfig) {
    return attributes.setRoomAttributes(this.core, roomAttributes, roomID, config);
  }
  deleteRoomAttributes(keys: string[], roomID: string, config?: ZIMRoomAttributesDeleteConfig) {
    return attributes.deleteRoomAttributes(this.core, keys, roomID, config);
  }
  beginRoomAttributesBatchOperation(roomID: string, config?: ZIMRoomAttributesBatchOperationConfig): void {
    attributes.beginRoomAttributesBatchOperation(this.core, roomID, config);
  }
  endRoomAttributesBatchOperation(roomID: string) {
    return attributes.endRoomAttributesBatchOperation(this.core, roomID);
  }
  queryRoomAllAttributes(roomID: string) {
    return attributes.queryRoomAllAttributes(this.core, roomID);
  }

  // ---- Member attributes ----

  setRoomMembersAttributes(
    attributes: Record<string, string>,
    userIDs: string[],
    roomID: string,
    config?: ZIMRoomMemberAttributesSetConfig,
  ) {
    return memberAttributes.setRoomMembersAttributes(this.core, attributes, userIDs, roomID, config);
  }
  queryRoomMembersAttributes(userIDs: string[], roomID: string) {
    return memberAttributes.queryRoomMembersAttributes(this.core, userIDs, roomID);
  }
  queryRoomMemberAttributesList(roomID: string, config: ZIMRoomMemberAttributesQueryConfig) {
    return memberAttributes.queryRoomMemberAttributesList(this.core, roomID, config);
  }

  // ---- Messages ----

  sendMessage(
    message: ZIMMessageInput,
    toConversationID: string,
    /** ZIMConversationType; only Room (1) is served, checked when called. */
    conversationType: number,
    config: ZIMMessageSendConfig,
    notification?: ZIMMessageSendNotification,
  ) {
    return messages.sendMessage(this.core, message, toConversationID, conversationType, config, notification);
  }
  /** ZIM < 2.4's shorthand, still used by its room-messaging guide. */
  sendRoomMessage(message: ZIMMessageInput, roomID: string, config?: ZIMMessageSendConfig) {
    return messages.sendMessage(this.core, message, roomID, 1, config ?? { priority: 2 });
  }
  queryHistoryMessage(conversationID: string, conversationType: number, config: ZIMMessageQueryConfig) {
    return messages.queryHistoryMessage(this.core, conversationID, conversationType, config);
  }
}

/** The server's origin; in a page the page's own, as the Next.js app serves the realtime server too. */
function serverURL(server: string | undefined): string | undefined {
  const raw = server ?? (globalThis as { location?: { origin?: string } }).location?.origin;
  if (!raw) return undefined;
  try {
    return new URL(raw).origin;
  } catch {
    return undefined;
  }
}
