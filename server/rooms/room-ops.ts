/** The room calls of SPEC section 2: create, join, enter, switch, leave, leave all. */
import {
  ZIMErrorCode,
  zimError,
  type CreateRoomPayload,
  type JoinRoomPayload,
  type RoomEntered,
  type SwitchRoomPayload,
  type ZIMRoomAllLeftResult,
  type ZIMRoomLeftResult,
} from '../../lib/protocol/index.ts';
import { requireOpen, requireRoomOfSession, roomKey, userKey, type Reply, type RoomDeps } from './context.ts';
import type { RoomLifecycle } from './room-lifecycle.ts';
import type { Session } from './sessions.ts';

export class RoomOps {
  constructor(
    private readonly deps: RoomDeps,
    private readonly lifecycle: RoomLifecycle,
  ) {}

  createRoom(session: Session, p: CreateRoomPayload, reply: Reply<RoomEntered>): Promise<void> {
    const { roomID } = p.roomInfo;
    return this.locked(session, [roomID], async () => {
      if (await this.deps.store.getRoom(roomID)) {
        throw zimError(ZIMErrorCode.RoomAlreadyExists, `Room "${roomID}" already exists`);
      }
      await this.lifecycle.checkUserRoomLimit(session, roomID);
      const meta = await this.lifecycle.create(session, p.roomInfo, p.config);
      reply(await this.lifecycle.enter(session, meta));
    });
  }

  joinRoom(session: Session, p: JoinRoomPayload, reply: Reply<RoomEntered>): Promise<void> {
    return this.locked(session, [p.roomID], async () => {
      const meta = await this.deps.store.getRoom(p.roomID);
      if (!meta) throw zimError(ZIMErrorCode.RoomNotExist, `Room "${p.roomID}" does not exist`);
      if (session.rooms.has(p.roomID)) return reply(await this.lifecycle.entered(session, meta));
      await this.lifecycle.checkUserRoomLimit(session, p.roomID);
      await this.lifecycle.checkRoomNotFull(session, p.roomID);
      reply(await this.lifecycle.enter(session, meta));
    });
  }

  enterRoom(session: Session, p: CreateRoomPayload, reply: Reply<RoomEntered>): Promise<void> {
    const { roomID } = p.roomInfo;
    return this.locked(session, [roomID], async () => {
      let meta = await this.deps.store.getRoom(roomID);
      if (meta && session.rooms.has(roomID)) return reply(await this.lifecycle.entered(session, meta));
      await this.lifecycle.checkUserRoomLimit(session, roomID);
      if (meta) await this.lifecycle.checkRoomNotFull(session, roomID);
      else meta = await this.lifecycle.create(session, p.roomInfo, p.config);
      reply(await this.lifecycle.enter(session, meta));
    });
  }

  switchRoom(session: Session, p: SwitchRoomPayload, reply: Reply<RoomEntered>): Promise<void> {
    const { fromRoomID } = p;
    const toRoomID = p.toRoomInfo.roomID;
    if (fromRoomID === toRoomID) {
      return Promise.reject(zimError(ZIMErrorCode.InvalidParameter, 'fromRoomID and the target room are the same room'));
    }
    return this.locked(session, [fromRoomID, toRoomID], async () => {
      if (!session.rooms.has(fromRoomID)) {
        throw zimError(ZIMErrorCode.InvalidParameter, `fromRoomID "${fromRoomID}" is not a room of this session`);
      }
      let meta = await this.deps.store.getRoom(toRoomID);
      if (!meta && !p.isCreateWhenRoomNotExisted) {
        throw zimError(ZIMErrorCode.RoomNotExist, `Room "${toRoomID}" does not exist`);
      }
      await this.lifecycle.checkUserRoomLimit(session, toRoomID, fromRoomID);
      if (meta) await this.lifecycle.checkRoomNotFull(session, toRoomID);
      else meta = await this.lifecycle.create(session, p.toRoomInfo, p.config);
      // Enter the target before leaving the source, both under the locks: nobody sees the
      // caller in neither room, and a failure above leaves the source untouched.
      const entered = session.rooms.has(toRoomID)
        ? await this.lifecycle.entered(session, meta)
        : await this.lifecycle.enter(session, meta);
      await this.lifecycle.leave(session, fromRoomID);
      reply(entered);
    });
  }

  leaveRoom(session: Session, p: JoinRoomPayload, reply: Reply<ZIMRoomLeftResult>): Promise<void> {
    return this.locked(session, [p.roomID], async () => {
      requireRoomOfSession(session, p.roomID);
      await this.lifecycle.leave(session, p.roomID);
      reply({ roomID: p.roomID });
    });
  }

  /** Leaves every room of this session only (the user's other sessions keep theirs). */
  async leaveAllRoom(session: Session, reply: Reply<ZIMRoomAllLeftResult>): Promise<void> {
    await this.lifecycle.withAllRooms(session, async (roomIDs) => {
      requireOpen(session);
      for (const roomID of roomIDs) await this.lifecycle.leave(session, roomID);
      reply({ roomIDs });
    });
  }

  /** Runs a room call holding the user's and the rooms' locks; one call per room per session. */
  private async locked(session: Session, roomIDs: string[], fn: () => Promise<void>): Promise<void> {
    if (roomIDs.some((id) => session.busyRooms.has(id))) {
      throw zimError(ZIMErrorCode.RoomOperationInProgress, 'An operation on this room is still in progress; wait for its result');
    }
    for (const id of roomIDs) session.busyRooms.add(id);
    try {
      await this.deps.store.withLocks([userKey(session.user.userID), ...roomIDs.map(roomKey)], async () => {
        requireOpen(session);
        await fn();
      });
    } finally {
      for (const id of roomIDs) session.busyRooms.delete(id);
    }
  }
}
