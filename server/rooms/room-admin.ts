/**
 * What the server API (SPEC 12) does to rooms, acting as the server rather than as a session:
 * list and read rooms, prepare an empty room, kick users, destroy a room, write attributes and
 * send messages. Each change is one store step (extensions.ts); sessions see the effects as ZIM
 * shows a server's: KickedOut, RoomNotExist, updates, messages from `@server`.
 */
import {
  SERVER_USER_ID,
  ZIMConversationType,
  ZIMErrorCode,
  ZIMMessageDirection,
  ZIMMessageSentStatus,
  ZIMMessageType,
  ZIMRoomAttributesUpdateAction,
  zimError,
  type KickedOutExtendedData,
  type MessageInput,
  type RoomAdvancedConfig,
  type ServerApiAttributesResult,
  type ServerApiKickResult,
  type ServerApiMemberList,
  type ServerApiMessageResult,
  type ServerApiRoom,
  type ServerApiRoomDetail,
  type ServerApiRoomList,
  type ZIMMessagePriority,
  type ZIMRoomAttributesUpdateInfo,
  type ZIMRoomInfo,
} from '../../lib/protocol/index.ts';
import { extendedSteps, type ExtendedStore } from '../store/extensions.ts';
import type { RoomMeta } from '../store/types.ts';
import { applyDelete, applySet, checkTotals, emptyChange, initialAttributes, plainAttributes } from './attributes.ts';
import { reportFacts, type RoomDeps } from './context.ts';
import { checkContent } from './room-messages.ts';

const notFound = (roomID: string) => zimError(ZIMErrorCode.RoomNotExist, `Room "${roomID}" does not exist`);

/** Commits retried after a concurrent write to the same room's attributes. */
const COMMIT_ATTEMPTS = 20;

export class RoomAdmin {
  constructor(private readonly deps: RoomDeps) {}

  private get steps(): ExtendedStore {
    return extendedSteps(this.deps.store, 'The server API');
  }

  async listRooms(nextFlag: string, count: number): Promise<ServerApiRoomList> {
    const { rooms, more } = await this.steps.listRooms(nextFlag, count);
    const list = await Promise.all(rooms.map((meta) => this.summary(meta)));
    return { rooms: list, nextFlag: more ? (rooms.at(-1)?.roomID ?? '') : '' };
  }

  async getRoom(roomID: string): Promise<ServerApiRoomDetail> {
    const meta = await this.deps.store.getRoom(roomID);
    if (!meta) throw notFound(roomID);
    const roomAttributes = plainAttributes((await this.deps.store.attributes(roomID)).records);
    return { ...(await this.summary(meta)), roomAttributes, creatorUserID: meta.creatorUserID ?? '' };
  }

  async listMembers(roomID: string, nextFlag: string, count: number): Promise<ServerApiMemberList> {
    const { store } = this.deps;
    if (!(await store.getRoom(roomID))) throw notFound(roomID);
    const after = /^\d+$/.test(nextFlag) ? Number(nextFlag) : 0;
    const { members, more } = await store.listMembers(roomID, after, count);
    return { memberList: members.map((m) => ({ ...m.user })), nextFlag: more ? String(members.at(-1)?.seq ?? '') : '' };
  }

  /** A room with nobody in it yet: it lives for its destroy delay unless someone enters. */
  async createRoom(roomInfo: ZIMRoomInfo, config: RoomAdvancedConfig): Promise<ServerApiRoomDetail> {
    const { maxDestroyDelaySeconds: maxDelay, maxRooms } = this.deps.config;
    if (config.roomDestroyDelayTime < 1 || config.roomDestroyDelayTime > maxDelay) {
      throw zimError(
        ZIMErrorCode.InvalidParameter,
        `Invalid parameter: config.roomDestroyDelayTime: a room created with no members waits 1…${maxDelay} seconds for its first member`,
      );
    }
    const attributes = initialAttributes(config.roomAttributes, SERVER_USER_ID);
    const result = await this.steps.createEmptyRoom(roomInfo, config.roomDestroyDelayTime, attributes);
    if (!result.ok && result.failure === 'exists')
      throw zimError(ZIMErrorCode.RoomAlreadyExists, `Room "${roomInfo.roomID}" already exists`);
    if (!result.ok)
      throw zimError(ZIMErrorCode.ServerRoomLimit, `The server already holds ${maxRooms} rooms, the most allowed`);
    reportFacts(
      this.deps.events,
      result.facts.map((f) => (f.type === 'roomCreated' ? { ...f, userID: SERVER_USER_ID } : f)),
    );
    return this.getRoom(roomInfo.roomID);
  }

  /** Takes each user's sessions out of the room: they get KickedOut with the reason, the others a leave. */
  async kick(roomID: string, userIDs: string[], reason: string): Promise<ServerApiKickResult> {
    const extendedData = JSON.stringify({ reason } satisfies KickedOutExtendedData);
    const result = await this.steps.kickMembers(roomID, userIDs, extendedData);
    if (!result.ok) throw notFound(roomID);
    reportFacts(this.deps.events, result.facts);
    return { roomID, kickedUserIDs: result.kicked, errorUserList: result.errorUserList };
  }

  /** Ends the room now: every member's sessions get RoomNotExist; its attributes and history go. */
  async destroyRoom(roomID: string): Promise<void> {
    const result = await this.steps.destroyRoomNow(roomID);
    if (!result.ok) throw notFound(roomID);
    reportFacts(this.deps.events, result.facts);
  }

  /** Sets and deletes keys as the server (it takes the keys it writes), as one change. */
  async writeAttributes(
    roomID: string,
    set: Record<string, string>,
    keys: string[],
  ): Promise<ServerApiAttributesResult> {
    const steps = this.steps;
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      if (!(await this.deps.store.getRoom(roomID))) throw notFound(roomID);
      const { records: map, version } = await this.deps.store.attributes(roomID);
      const change = emptyChange();
      applySet(map, set, { isForce: true, isUpdateOwner: true, isDeleteAfterOwnerLeft: false }, SERVER_USER_ID, change);
      applyDelete(map, keys, true, SERVER_USER_ID, change);
      checkTotals(map);
      const infos: ZIMRoomAttributesUpdateInfo[] = [];
      if (Object.keys(change.set).length > 0)
        infos.push({ action: ZIMRoomAttributesUpdateAction.Set, roomAttributes: change.set });
      if (Object.keys(change.deleted).length > 0) {
        infos.push({ action: ZIMRoomAttributesUpdateAction.Delete, roomAttributes: change.deleted });
      }
      if (infos.length === 0) return { roomID, errorKeys: change.errorKeys };
      // One kind of action is a plain update; both at once is a batch, as ZIM reports them.
      const event = infos.length > 1 ? 'roomAttributesBatchUpdated' : 'roomAttributesUpdated';
      const outcome = await steps.commitServerAttributes(roomID, version, map, { event, data: { roomID, infos } });
      if (outcome === 'not-exist') throw notFound(roomID);
      if (outcome === 'ok') return { roomID, errorKeys: change.errorKeys };
    }
    throw zimError(ZIMErrorCode.RoomError, 'Room attributes are changing too fast; retry');
  }

  /** A message from the server itself: sender `@server`, to every member, kept in history. */
  async sendMessage(
    roomID: string,
    input: Omit<MessageInput, 'localMessageID'>,
    priority: ZIMMessagePriority,
  ): Promise<ServerApiMessageResult> {
    checkContent({ ...input, localMessageID: '' });
    const result = await this.steps.sendFromServer(roomID, {
      type: input.type,
      message: input.message,
      ...(input.type === ZIMMessageType.Custom ? { subType: input.subType ?? 0 } : {}),
      extendedData: input.extendedData,
      localMessageID: '',
      timestamp: this.deps.clock.now(),
      senderUserID: SERVER_USER_ID,
      conversationID: roomID,
      conversationType: ZIMConversationType.Room,
      direction: ZIMMessageDirection.Receive,
      sentStatus: ZIMMessageSentStatus.Success,
      priority,
    });
    if (!result.ok) throw notFound(roomID);
    return { message: result.message };
  }

  private async summary(meta: RoomMeta): Promise<ServerApiRoom> {
    return {
      roomID: meta.roomID,
      roomName: meta.roomName,
      memberCount: await this.deps.store.countMembers(meta.roomID),
      createdAt: meta.createdAt,
      destroyAt: meta.destroyAt ?? null,
    };
  }
}
