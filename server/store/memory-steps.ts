/**
 * The memory store's parts of steps (memory.ts runs the steps): history within its budgets, SPEC 4
 * batching windows, the per-user creation limit, destroy delays and a room's end, and the emit
 * that gives each step's event the room's next sequence number.
 */
import type { ZIMMessage } from '../../lib/protocol/index.ts';
import { messageBytes } from './history.ts';
import { StepEvent, type MemoryRoom } from './memory-room.ts';
import { MemorySessions } from './memory-sessions.ts';
import type { MemberChange, MessageDraft, RoomFact } from './types.ts';

export abstract class MemoryRoomSteps extends MemorySessions {
  /** Gives the message the room's next messageID and keeps it in history, within the budgets. */
  protected keep(room: MemoryRoom, draft: MessageDraft): ZIMMessage {
    const message: ZIMMessage = { ...draft, messageID: String(++room.messageSeq) };
    if (this.settings.historySize <= 0) return message;
    room.history.push(message);
    this.countHistory(room, messageBytes(message));
    if (!this.historyRooms.has(room.meta.roomID)) this.historyRooms.set(room.meta.roomID, room);
    while (room.history.length > this.settings.historySize) this.dropOldest(room);
    // Over the server's budget: rooms give up their oldest message in turn, the oldest rooms first.
    while (this.historyBytes > this.settings.historyBudgetBytes) {
      const next = this.historyRooms.entries().next();
      if (next.done) break;
      const [roomID, oldest] = next.value;
      this.historyRooms.delete(roomID);
      if (this.rooms.get(roomID) !== oldest || oldest.history.length === 0) continue;
      this.dropOldest(oldest);
      if (oldest.history.length > 0) this.historyRooms.set(roomID, oldest);
    }
    return message;
  }

  protected dropOldest(room: MemoryRoom): void {
    const dropped = room.history.shift();
    if (dropped) this.countHistory(room, -messageBytes(dropped));
  }

  protected countHistory(room: MemoryRoom, bytes: number): void {
    room.historyBytes += bytes;
    this.historyBytes += bytes;
  }

  /** SPEC 4 batching: a change in a quiet room goes out now and opens a window; later ones wait for its end. */
  protected memberChange(room: MemoryRoom, event: StepEvent, change: MemberChange): void {
    if (room.batchTimer) {
      room.batchedChanges.push(change);
      return;
    }
    event.members = [...(event.members ?? []), change];
    this.openWindow(room);
  }

  protected openWindow(room: MemoryRoom): void {
    if (this.settings.memberBatchWindowMs <= 0) return;
    room.batchTimer = this.clock.setTimeout(() => this.flush(room), this.settings.memberBatchWindowMs);
  }

  protected flush(room: MemoryRoom): void {
    room.batchTimer = undefined;
    if (this.rooms.get(room.meta.roomID) !== room || room.batchedChanges.length === 0) return;
    const event = new StepEvent(room.meta.roomID, room.seq + 1);
    event.members = room.batchedChanges;
    room.batchedChanges = [];
    this.emit(room, event);
    this.openWindow(room);
  }

  /** Counts a creation against the user's rooms per minute, if it has any left. */
  protected mayCreate(userID: string): boolean {
    const most = this.settings.roomCreationsPerMinute;
    if (most <= 0) return true;
    const since = this.clock.now() - 60_000;
    const recent = (this.creationsByUser.get(userID) ?? []).filter((at) => at > since);
    if (recent.length >= most) return false;
    recent.push(this.clock.now());
    this.creationsByUser.set(userID, recent);
    // Users who stopped creating leave their entry behind: swept now and then, so it stays bounded.
    if (this.creationsByUser.size > 1000) {
      for (const [id, times] of this.creationsByUser)
        if (times.every((at) => at <= since)) this.creationsByUser.delete(id);
    }
    return true;
  }

  protected setDelayed(room: MemoryRoom, waiting: boolean): void {
    const creator = room.creatorUserID;
    if (!creator) return;
    const rooms = this.delayedByCreator.get(creator) ?? new Set<string>();
    if (waiting) rooms.add(room.meta.roomID);
    else rooms.delete(room.meta.roomID);
    if (rooms.size > 0) this.delayedByCreator.set(creator, rooms);
    else this.delayedByCreator.delete(creator);
  }

  protected emptied(room: MemoryRoom, event: StepEvent): RoomFact[] {
    if (room.meta.destroyDelaySeconds <= 0) return this.destroy(room, event);
    this.setDelayed(room, true);
    const delayMs = room.meta.destroyDelaySeconds * 1000;
    room.meta.destroyAt = this.clock.now() + delayMs;
    room.destroyTimer?.cancel();
    room.destroyTimer = this.clock.setTimeout(() => {
      room.destroyTimer = undefined;
      if (this.rooms.get(room.meta.roomID) !== room || room.meta.destroyAt === undefined || room.members.size > 0)
        return;
      const end = new StepEvent(room.meta.roomID, room.seq + 1);
      const facts = this.destroy(room, end);
      this.emit(room, end);
      this.hooks.onFacts(facts);
    }, delayMs);
    return [];
  }

  protected cancelDestroy(room: MemoryRoom): void {
    if (room.meta.destroyAt !== undefined) this.setDelayed(room, false);
    room.meta.destroyAt = undefined;
    room.destroyTimer?.cancel();
    room.destroyTimer = undefined;
  }

  protected destroy(room: MemoryRoom, event: StepEvent): RoomFact[] {
    const { roomID } = room.meta;
    for (const member of room.members.values()) {
      this.unindex(member.user.userID, roomID);
      for (const sessionID of member.sessionIDs) {
        this.sessions.get(sessionID)?.rooms.delete(roomID);
        event.left.push(sessionID);
      }
    }
    room.batchTimer?.cancel();
    room.destroyTimer?.cancel();
    this.setDelayed(room, false);
    this.historyBytes -= room.historyBytes;
    this.historyRooms.delete(roomID);
    this.rooms.delete(roomID);
    event.destroyed = true;
    return [{ type: 'roomDestroyed', roomID }];
  }

  protected emit(room: MemoryRoom, event: StepEvent): void {
    room.seq = event.seq;
    this.hooks.onEvent(event.toEvent());
  }
}
