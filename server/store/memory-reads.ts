/** The memory store's state and its plain reads (the steps that change it are in memory.ts). */
import type { ZIMMessage } from '../../lib/protocol/index.ts';
import type { Timer } from '../rooms/clock.ts';
import { historyPage } from './history.ts';
import type { MemoryRoom } from './memory-room.ts';
import type { AttributesSnapshot, Caller, HistoryQuery, MemberRecord, RoomMeta } from './types.ts';

export interface MemorySession {
  caller: Caller;
  rooms: Set<string>;
  graceTimer: Timer | undefined;
}

export class MemoryReads {
  protected readonly rooms = new Map<string, MemoryRoom>();
  protected readonly roomsByUser = new Map<string, Set<string>>();
  protected readonly sessions = new Map<string, MemorySession>();
  /** How many sessions each user holds (SPEC 11b: at most maxSessionsPerUser); a count, not a set per user. */
  protected readonly sessionCounts = new Map<string, number>();
  /** Each creator's empty rooms waiting out a destroy delay: they count toward its room limit. */
  protected readonly delayedByCreator = new Map<string, Set<string>>();
  /** When each user created its rooms of the last minute (SPEC 11b: roomCreationsPerMinute). */
  protected readonly creationsByUser = new Map<string, number[]>();
  /** Rooms that keep history, in the order they give up a message when the budget is passed. */
  protected readonly historyRooms = new Map<string, MemoryRoom>();
  /** Bytes of history all rooms keep (SPEC 11b: at most historyBudgetBytes). */
  protected historyBytes = 0;

  async sessionRooms(sessionID: string): Promise<string[]> {
    return [...(this.sessions.get(sessionID)?.rooms ?? [])];
  }

  async attributes(roomID: string): Promise<AttributesSnapshot> {
    const room = this.rooms.get(roomID);
    return { records: new Map(room?.attributes ?? []), version: room?.attributesVersion ?? 0 };
  }

  async getRoom(roomID: string): Promise<RoomMeta | undefined> {
    const room = this.rooms.get(roomID);
    return room ? { ...room.meta, creatorUserID: room.creatorUserID ?? '' } : undefined;
  }

  async countRooms(): Promise<number> {
    return this.rooms.size;
  }

  async getMember(roomID: string, userID: string): Promise<MemberRecord | undefined> {
    const member = this.rooms.get(roomID)?.members.get(userID);
    return member ? { ...member, user: { ...member.user }, sessionIDs: [...member.sessionIDs] } : undefined;
  }

  async countMembers(roomID: string): Promise<number> {
    return this.rooms.get(roomID)?.members.size ?? 0;
  }

  async listMembers(
    roomID: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ members: MemberRecord[]; more: boolean }> {
    const members: MemberRecord[] = [];
    // Map iteration order is insertion order, which is seq order.
    for (const member of this.rooms.get(roomID)?.members.values() ?? []) {
      if (member.seq <= afterSeq) continue;
      if (members.length === limit) return { members, more: true };
      members.push({ ...member, sessionIDs: [...member.sessionIDs] });
    }
    return { members, more: false };
  }

  async userRooms(userID: string): Promise<string[]> {
    return [...(this.roomsByUser.get(userID) ?? [])];
  }

  async history(roomID: string, query: HistoryQuery): Promise<ZIMMessage[]> {
    return historyPage(this.rooms.get(roomID)?.history ?? [], query);
  }

  protected index(userID: string, roomID: string): void {
    let rooms = this.roomsByUser.get(userID);
    if (!rooms) this.roomsByUser.set(userID, (rooms = new Set()));
    rooms.add(roomID);
  }

  protected unindex(userID: string, roomID: string): void {
    const rooms = this.roomsByUser.get(userID);
    rooms?.delete(roomID);
    if (rooms?.size === 0) this.roomsByUser.delete(userID);
  }
}
