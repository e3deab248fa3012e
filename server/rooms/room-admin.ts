/**
 * What the server API (SPEC 12) does to rooms, acting as the server rather than as a session:
 * list and read rooms, prepare an empty room, kick users, destroy a room, write attributes.
 * Sessions see the effects as ZIM shows a server's: KickedOut, RoomNotExist, updates.
 */
import {
  SERVER_USER_ID,
  ZIMErrorCode,
  ZIMRoomAttributesUpdateAction,
  ZIMRoomEvent,
  ZIMRoomState,
  zimError,
  type KickedOutExtendedData,
  type RoomAdvancedConfig,
  type ServerApiAttributesResult,
  type ServerApiKickResult,
  type ServerApiMemberList,
  type ServerApiRoom,
  type ServerApiRoomDetail,
  type ServerApiRoomList,
  type ZIMRoomAttributesUpdateInfo,
  type ZIMRoomInfo,
  type ZIMUserInfo,
} from '../../lib/protocol/index.ts';
import type { RoomMeta } from '../store/types.ts';
import { applyDelete, applySet, checkTotals, emptyChange, plainAttributes } from './attributes.ts';
import { roomKey, userKey, type RoomDeps } from './context.ts';
import type { RoomLifecycle } from './room-lifecycle.ts';
import type { Session } from './sessions.ts';

/** Who acts when the server API writes: the owner of its keys, the sender of its messages. */
const SERVER_USER: ZIMUserInfo = { userID: SERVER_USER_ID, userName: 'Server', userAvatarUrl: '', userExtendedData: '' };

const notFound = (roomID: string) => zimError(ZIMErrorCode.RoomNotExist, `Room "${roomID}" does not exist`);

export class RoomAdmin {
  constructor(
    private readonly deps: RoomDeps,
    private readonly lifecycle: RoomLifecycle,
    private readonly sessions: Map<string, Session>,
  ) {}

  async listRooms(nextFlag: string, count: number): Promise<ServerApiRoomList> {
    const { rooms, more } = await this.deps.store.listRooms(nextFlag, count);
    const list = await Promise.all(rooms.map((meta) => this.summary(meta)));
    return { rooms: list, nextFlag: more ? (rooms.at(-1)?.roomID ?? '') : '' };
  }

  async getRoom(roomID: string): Promise<ServerApiRoomDetail> {
    const meta = await this.deps.store.getRoom(roomID);
    if (!meta) throw notFound(roomID);
    return { ...(await this.summary(meta)), roomAttributes: plainAttributes(await this.deps.store.getAttributes(roomID)) };
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
    if (config.roomDestroyDelayTime < 1) {
      throw zimError(
        ZIMErrorCode.InvalidParameter,
        'Invalid parameter: config.roomDestroyDelayTime: a room created with no members needs a destroy delay of at least 1 second',
      );
    }
    await this.deps.store.withLocks([roomKey(roomInfo.roomID)], async () => {
      await this.lifecycle.create({ user: SERVER_USER }, roomInfo, config);
      await this.lifecycle.emptied(roomInfo.roomID);
    });
    return this.getRoom(roomInfo.roomID);
  }

  /** Takes each user's sessions out of the room: they get KickedOut with the reason, the others a leave. */
  async kick(roomID: string, userIDs: string[], reason: string): Promise<ServerApiKickResult> {
    const { store, outbox } = this.deps;
    const ids = [...new Set(userIDs)];
    return store.withLocks([roomKey(roomID), ...ids.map(userKey)], async () => {
      if (!(await store.getRoom(roomID))) throw notFound(roomID);
      const extendedData = JSON.stringify({ reason } satisfies KickedOutExtendedData);
      const result: ServerApiKickResult = { roomID, kickedUserIDs: [], errorUserList: [] };
      for (const userID of ids) {
        const member = await store.getMember(roomID, userID);
        if (!member) {
          result.errorUserList.push(userID);
          continue;
        }
        for (const sessionID of member.sessionIDs) {
          const session = this.sessions.get(sessionID);
          if (session) await this.lifecycle.leave(session, roomID, 'Kickout');
          else await store.removeMemberSession(roomID, userID, sessionID);
          const kicked = { roomID, state: ZIMRoomState.Disconnected, event: ZIMRoomEvent.KickedOut, extendedData };
          outbox.toSession(sessionID, 'roomStateChanged', kicked);
        }
        result.kickedUserIDs.push(userID);
      }
      return result;
    });
  }

  /** Ends the room now: every member's sessions get RoomNotExist; its attributes and history go. */
  async destroyRoom(roomID: string): Promise<void> {
    const { store, outbox, events } = this.deps;
    await store.withLocks([roomKey(roomID)], async () => {
      if (!(await store.getRoom(roomID))) throw notFound(roomID);
      for (let after = 0, more = true; more; ) {
        const page = await store.listMembers(roomID, after, 1000);
        for (const member of page.members) {
          for (const sessionID of member.sessionIDs) {
            this.sessions.get(sessionID)?.rooms.delete(roomID);
            outbox.unsubscribe(sessionID, roomID);
            outbox.toSession(sessionID, 'roomStateChanged', {
              roomID,
              state: ZIMRoomState.Disconnected,
              event: ZIMRoomEvent.RoomNotExist,
              extendedData: '',
            });
          }
          events.emit('memberLeft', { roomID, userID: member.user.userID, exitType: 'Kickout' });
        }
        after = page.members.at(-1)?.seq ?? after;
        more = page.more;
      }
      await this.lifecycle.destroy(roomID);
    });
  }

  /** Sets and deletes keys as the server (it takes the keys it writes), as one change. */
  async writeAttributes(roomID: string, set: Record<string, string>, keys: string[]): Promise<ServerApiAttributesResult> {
    const { store, outbox } = this.deps;
    return store.withLocks([roomKey(roomID)], async () => {
      if (!(await store.getRoom(roomID))) throw notFound(roomID);
      const map = await store.getAttributes(roomID);
      const change = emptyChange();
      applySet(map, set, { isForce: true, isUpdateOwner: true, isDeleteAfterOwnerLeft: false }, SERVER_USER_ID, change);
      applyDelete(map, keys, true, SERVER_USER_ID, change);
      checkTotals(map);
      const infos: ZIMRoomAttributesUpdateInfo[] = [];
      if (Object.keys(change.set).length > 0) infos.push({ action: ZIMRoomAttributesUpdateAction.Set, roomAttributes: change.set });
      if (Object.keys(change.deleted).length > 0) {
        infos.push({ action: ZIMRoomAttributesUpdateAction.Delete, roomAttributes: change.deleted });
      }
      if (infos.length > 0) {
        await store.putAttributes(roomID, map);
        // One kind of action is a plain update; both at once is a batch, as ZIM reports them.
        outbox.toRoom(roomID, infos.length > 1 ? 'roomAttributesBatchUpdated' : 'roomAttributesUpdated', { roomID, infos });
      }
      return { roomID, errorKeys: change.errorKeys };
    });
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
