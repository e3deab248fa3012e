/**
 * Entering and leaving rooms (SPEC section 2): the shared steps under the room locks, the limits,
 * and destruction (at once or after the room's destroy delay).
 */
import {
  ZIMErrorCode,
  ZIMRoomEvent,
  ZIMRoomState,
  zimError,
  type RoomAdvancedConfig,
  type RoomEntered,
  type ZIMRoomInfo,
} from '../../lib/protocol/index.ts';
import type { RoomMeta } from '../store/types.ts';
import { dropOwnerKeys, initialAttributes, plainAttributes } from './attributes.ts';
import type { Timer } from './clock.ts';
import { inBackground, roomKey, userKey, type RoomDeps } from './context.ts';
import type { MemberBatcher } from './member-batcher.ts';
import type { ExitType } from './room-events.ts';
import type { Session } from './sessions.ts';

export class RoomLifecycle {
  private readonly destroyTimers = new Map<string, Timer>();

  constructor(
    private readonly deps: RoomDeps,
    private readonly batcher: MemberBatcher,
    private readonly sessions: Map<string, Session>,
  ) {}

  /** Checks that the user may become a member of one more room (`leaving`: a room it gives up). */
  async checkUserRoomLimit(session: Session, roomID: string, leaving?: string): Promise<void> {
    const rooms = new Set(await this.deps.store.userRooms(session.user.userID));
    if (rooms.has(roomID)) return;
    if (leaving && (await this.isLastSessionOfUser(session, leaving))) rooms.delete(leaving);
    if (rooms.size >= this.deps.config.maxRoomsPerUser) {
      throw zimError(ZIMErrorCode.UserRoomLimit, `You are already in ${this.deps.config.maxRoomsPerUser} rooms, the most allowed`);
    }
  }

  async checkRoomNotFull(session: Session, roomID: string): Promise<void> {
    const { store, config } = this.deps;
    if (await store.getMember(roomID, session.user.userID)) return;
    if ((await store.countMembers(roomID)) >= config.maxMembersPerRoom) {
      throw zimError(ZIMErrorCode.RoomFull, `Room "${roomID}" is full (${config.maxMembersPerRoom} members)`);
    }
  }

  /** Creates a room (limits and config checked); the caller then enters it. */
  async create(session: Session, roomInfo: ZIMRoomInfo, config: RoomAdvancedConfig): Promise<RoomMeta> {
    const { store, clock } = this.deps;
    const maxDelay = this.deps.config.maxDestroyDelaySeconds;
    if (config.roomDestroyDelayTime > maxDelay) {
      throw zimError(ZIMErrorCode.InvalidParameter, `roomDestroyDelayTime must be at most ${maxDelay} seconds on this server`);
    }
    const attributes = initialAttributes(config.roomAttributes, session.user.userID);
    const meta: RoomMeta = {
      roomID: roomInfo.roomID,
      roomName: roomInfo.roomName,
      createdAt: clock.now(),
      destroyDelaySeconds: config.roomDestroyDelayTime,
    };
    const outcome = await store.createRoom(meta, this.deps.config.maxRooms);
    if (outcome === 'exists') throw zimError(ZIMErrorCode.RoomAlreadyExists, `Room "${roomInfo.roomID}" already exists`);
    if (outcome === 'limit') {
      throw zimError(ZIMErrorCode.ServerRoomLimit, `The server already holds ${this.deps.config.maxRooms} rooms, the most allowed`);
    }
    if (attributes.size > 0) await store.putAttributes(meta.roomID, attributes);
    this.deps.events.emit('roomCreated', { roomID: meta.roomID, roomName: meta.roomName, userID: session.user.userID });
    return meta;
  }

  /** Puts the session in the room and tells the others; returns what the session gets. */
  async enter(session: Session, meta: RoomMeta): Promise<RoomEntered> {
    const { store, outbox, config } = this.deps;
    const { roomID } = meta;
    const { firstSession } = await store.addMemberSession(roomID, session.user, session.sessionID);
    await this.cancelDestroy(meta);
    session.rooms.add(roomID);
    outbox.subscribe(session.sessionID, roomID);
    if (firstSession) {
      this.batcher.memberJoined(roomID, session.user, session.sessionID);
      this.deps.events.emit('memberJoined', { roomID, userID: session.user.userID });
    }
    else this.batcher.sessionEntered(roomID, session.sessionID);
    if (!firstSession && config.singleDevicePerRoom) await this.removeOtherDevices(session, roomID);
    return this.entered(session, meta);
  }

  /**
   * The room as `session` sees it on entering: the member list starts with the session's own user
   * (SPEC 4: "itself included", also when the room holds more than the list's cap).
   */
  async entered(session: Session, meta: RoomMeta): Promise<RoomEntered> {
    const { store, config } = this.deps;
    const cap = config.initialMemberListSize;
    const { members } = await store.listMembers(meta.roomID, 0, cap);
    const self = session.user.userID;
    const others = members.filter((m) => m.user.userID !== self).map((m) => ({ ...m.user }));
    const me = (await store.getMember(meta.roomID, self))?.user;
    return {
      roomInfo: { baseInfo: { roomID: meta.roomID, roomName: meta.roomName } },
      memberList: me ? [{ ...me }, ...others].slice(0, Math.max(cap, 1)) : others,
      roomAttributes: plainAttributes(await store.getAttributes(meta.roomID)),
    };
  }

  /** Takes the session out of the room, tells the others, and destroys the room once empty. */
  async leave(session: Session, roomID: string, exitType: ExitType = 'Quit'): Promise<void> {
    const { store, outbox } = this.deps;
    const { lastSession } = await store.removeMemberSession(roomID, session.user.userID, session.sessionID);
    session.rooms.delete(roomID);
    outbox.unsubscribe(session.sessionID, roomID);
    this.batcher.sessionLeft(roomID, session.sessionID);
    if (!lastSession) return;
    this.batcher.memberLeft(roomID, session.user);
    this.deps.events.emit('memberLeft', { roomID, userID: session.user.userID, exitType });
    const attributes = await store.getAttributes(roomID);
    const deleted = dropOwnerKeys(attributes, session.user.userID);
    if (Object.keys(deleted).length > 0) {
      await store.putAttributes(roomID, attributes);
      outbox.toRoom(roomID, 'roomAttributesUpdated', { roomID, infos: [{ action: 1, roomAttributes: deleted }] });
    }
    if ((await store.countMembers(roomID)) === 0) await this.emptied(roomID);
  }

  /**
   * Runs `fn` with every room of the session locked (and the user). The room list is read again
   * under the locks; if a call that was under way changed it, the locks are taken anew.
   */
  async withAllRooms(session: Session, fn: (roomIDs: string[]) => Promise<void>): Promise<void> {
    for (;;) {
      const roomIDs = [...session.rooms];
      const done = await this.deps.store.withLocks([userKey(session.user.userID), ...roomIDs.map(roomKey)], async () => {
        if (session.rooms.size !== roomIDs.length || roomIDs.some((id) => !session.rooms.has(id))) return false;
        await fn(roomIDs);
        return true;
      });
      if (done) return;
    }
  }

  dispose(): void {
    for (const timer of this.destroyTimers.values()) timer.cancel();
    this.destroyTimers.clear();
  }

  private async isLastSessionOfUser(session: Session, roomID: string): Promise<boolean> {
    const member = await this.deps.store.getMember(roomID, session.user.userID);
    return !member || member.sessionIDs.every((id) => id === session.sessionID);
  }

  /** Single-device policy: the user's other sessions lose the room to this one. */
  private async removeOtherDevices(session: Session, roomID: string): Promise<void> {
    const { store, outbox } = this.deps;
    const member = await store.getMember(roomID, session.user.userID);
    for (const otherID of member?.sessionIDs ?? []) {
      if (otherID === session.sessionID) continue;
      await store.removeMemberSession(roomID, session.user.userID, otherID);
      this.sessions.get(otherID)?.rooms.delete(roomID);
      outbox.unsubscribe(otherID, roomID);
      this.batcher.sessionLeft(roomID, otherID);
      outbox.toSession(otherID, 'roomStateChanged', {
        roomID,
        state: ZIMRoomState.Disconnected,
        event: ZIMRoomEvent.KickedOutByOtherDevice,
        extendedData: '',
      });
    }
  }

  private async emptied(roomID: string): Promise<void> {
    const { store, clock } = this.deps;
    const meta = await store.getRoom(roomID);
    if (!meta) return;
    if (meta.destroyDelaySeconds <= 0) return this.destroy(roomID);
    const delayMs = meta.destroyDelaySeconds * 1000;
    await store.setDestroyAt(roomID, clock.now() + delayMs);
    this.destroyTimers.get(roomID)?.cancel();
    this.destroyTimers.set(roomID, clock.setTimeout(() => inBackground('destroying a room', this.destroyIfStillEmpty(roomID)), delayMs));
  }

  private async destroyIfStillEmpty(roomID: string): Promise<void> {
    const { store } = this.deps;
    await store.withLocks([roomKey(roomID)], async () => {
      const meta = await store.getRoom(roomID);
      if (meta?.destroyAt === undefined) return;
      if ((await store.countMembers(roomID)) === 0) await this.destroy(roomID);
    });
  }

  private async cancelDestroy(meta: RoomMeta): Promise<void> {
    if (meta.destroyAt === undefined) return;
    await this.deps.store.setDestroyAt(meta.roomID, undefined);
    meta.destroyAt = undefined;
    this.destroyTimers.get(meta.roomID)?.cancel();
    this.destroyTimers.delete(meta.roomID);
  }

  private async destroy(roomID: string): Promise<void> {
    await this.deps.store.deleteRoom(roomID);
    this.batcher.dropRoom(roomID);
    this.deps.events.emit('roomDestroyed', { roomID });
    this.destroyTimers.get(roomID)?.cancel();
    this.destroyTimers.delete(roomID);
  }
}
