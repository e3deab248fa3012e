/** The embedded default: room state in this process's memory. */
import type { ZIMMessage, ZIMUserInfo } from '../../lib/protocol/index.ts';
import { KeyedLock } from './lock.ts';
import { MemberAttributeTable } from './memory-member-attributes.ts';
import type {
  AttributeRecord,
  CreateRoomOutcome,
  HistoryQuery,
  MemberAttributeMap,
  MemberAttributesEntry,
  MemberRecord,
  RoomMeta,
  RoomStore,
} from './types.ts';

interface RoomState {
  meta: RoomMeta;
  members: Map<string, MemberRecord>;
  memberSeq: number;
  attributes: Map<string, AttributeRecord>;
  memberAttributes: MemberAttributeTable;
  messageSeq: number;
  history: ZIMMessage[];
  /** `${senderUserID}\n${localMessageID}` → message, for de-duplicating retried sends. */
  sent: Map<string, ZIMMessage>;
}

/** How many localMessageIDs a room remembers for de-duplication. */
const SENT_MEMORY = 1000;

export class MemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<string, RoomState>();
  private readonly roomsByUser = new Map<string, Set<string>>();
  private readonly locks = new KeyedLock();

  withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    return this.locks.run(keys, fn);
  }

  async getRoom(roomID: string): Promise<RoomMeta | undefined> {
    const room = this.rooms.get(roomID);
    return room ? { ...room.meta } : undefined;
  }

  async createRoom(meta: RoomMeta, maxRooms: number): Promise<CreateRoomOutcome> {
    if (this.rooms.has(meta.roomID)) return 'exists';
    if (this.rooms.size >= maxRooms) return 'limit';
    this.rooms.set(meta.roomID, {
      meta: { ...meta },
      members: new Map(),
      memberSeq: 0,
      attributes: new Map(),
      memberAttributes: new MemberAttributeTable(),
      messageSeq: 0,
      history: [],
      sent: new Map(),
    });
    return 'created';
  }

  async setDestroyAt(roomID: string, destroyAt: number | undefined): Promise<void> {
    const room = this.rooms.get(roomID);
    if (room) room.meta.destroyAt = destroyAt;
  }

  async deleteRoom(roomID: string): Promise<void> {
    const room = this.rooms.get(roomID);
    if (!room) return;
    for (const userID of room.members.keys()) this.unindex(userID, roomID);
    this.rooms.delete(roomID);
  }

  async countRooms(): Promise<number> {
    return this.rooms.size;
  }

  async listRooms(afterRoomID: string, limit: number): Promise<{ rooms: RoomMeta[]; more: boolean }> {
    const ids = [...this.rooms.keys()].filter((id) => id > afterRoomID).sort();
    const rooms = ids.slice(0, limit).map((id) => ({ ...(this.rooms.get(id) as RoomState).meta }));
    return { rooms, more: ids.length > limit };
  }

  async addMemberSession(roomID: string, user: ZIMUserInfo, sessionID: string): Promise<{ firstSession: boolean }> {
    const room = this.mustGet(roomID);
    const member = room.members.get(user.userID);
    if (member) {
      if (!member.sessionIDs.includes(sessionID)) member.sessionIDs.push(sessionID);
      return { firstSession: false };
    }
    room.members.set(user.userID, { user: { ...user }, seq: ++room.memberSeq, sessionIDs: [sessionID] });
    let index = this.roomsByUser.get(user.userID);
    if (!index) this.roomsByUser.set(user.userID, (index = new Set()));
    index.add(roomID);
    return { firstSession: true };
  }

  async removeMemberSession(roomID: string, userID: string, sessionID: string): Promise<{ lastSession: boolean }> {
    const member = this.rooms.get(roomID)?.members.get(userID);
    if (!member) return { lastSession: false };
    member.sessionIDs = member.sessionIDs.filter((id) => id !== sessionID);
    if (member.sessionIDs.length > 0) return { lastSession: false };
    this.rooms.get(roomID)?.members.delete(userID);
    this.unindex(userID, roomID);
    return { lastSession: true };
  }

  async getMember(roomID: string, userID: string): Promise<MemberRecord | undefined> {
    const member = this.rooms.get(roomID)?.members.get(userID);
    return member ? { ...member, sessionIDs: [...member.sessionIDs] } : undefined;
  }

  async countMembers(roomID: string): Promise<number> {
    return this.rooms.get(roomID)?.members.size ?? 0;
  }

  async listMembers(roomID: string, afterSeq: number, limit: number): Promise<{ members: MemberRecord[]; more: boolean }> {
    const members: MemberRecord[] = [];
    const room = this.rooms.get(roomID);
    if (!room) return { members, more: false };
    // Map iteration order is insertion order, which is seq order.
    for (const member of room.members.values()) {
      if (member.seq <= afterSeq) continue;
      if (members.length === limit) return { members, more: true };
      members.push(member);
    }
    return { members, more: false };
  }

  async userRooms(userID: string): Promise<string[]> {
    return [...(this.roomsByUser.get(userID) ?? [])];
  }

  async getAttributes(roomID: string): Promise<Map<string, AttributeRecord>> {
    return new Map(this.rooms.get(roomID)?.attributes ?? []);
  }

  async putAttributes(roomID: string, next: Map<string, AttributeRecord>): Promise<void> {
    const room = this.rooms.get(roomID);
    if (room) room.attributes = new Map(next);
  }

  async getMemberAttributes(roomID: string, userIDs: readonly string[]): Promise<Map<string, MemberAttributeMap>> {
    return this.rooms.get(roomID)?.memberAttributes.get(userIDs) ?? new Map();
  }

  async putMemberAttributes(roomID: string, changes: ReadonlyMap<string, MemberAttributeMap>): Promise<void> {
    this.rooms.get(roomID)?.memberAttributes.put(changes);
  }

  async listMemberAttributes(roomID: string, afterSeq: number, limit: number): Promise<{ entries: MemberAttributesEntry[]; more: boolean }> {
    return this.rooms.get(roomID)?.memberAttributes.list(afterSeq, limit) ?? { entries: [], more: false };
  }

  async countMemberAttributeUsers(roomID: string): Promise<number> {
    return this.rooms.get(roomID)?.memberAttributes.size ?? 0;
  }

  async appendMessage(roomID: string, build: (seq: number) => ZIMMessage, keep: number): Promise<ZIMMessage> {
    const room = this.mustGet(roomID);
    const message = build(++room.messageSeq);
    room.history.push(message);
    if (room.history.length > keep) room.history.splice(0, room.history.length - keep);
    if (message.localMessageID) {
      room.sent.set(`${message.senderUserID}\n${message.localMessageID}`, message);
      if (room.sent.size > SENT_MEMORY) room.sent.delete(room.sent.keys().next().value as string);
    }
    return message;
  }

  async findSentMessage(roomID: string, senderUserID: string, localMessageID: string): Promise<ZIMMessage | undefined> {
    return this.rooms.get(roomID)?.sent.get(`${senderUserID}\n${localMessageID}`);
  }

  async history(roomID: string, query: HistoryQuery): Promise<ZIMMessage[]> {
    const all = this.rooms.get(roomID)?.history ?? [];
    const seq = (m: ZIMMessage) => Number(m.messageID);
    if (query.reverse) {
      const from = query.fromSeq ?? 0;
      return all.filter((m) => seq(m) > from).slice(0, query.count);
    }
    const before = query.fromSeq ?? Number.POSITIVE_INFINITY;
    const older = all.filter((m) => seq(m) < before);
    return older.slice(Math.max(0, older.length - query.count));
  }

  private mustGet(roomID: string): RoomState {
    const room = this.rooms.get(roomID);
    if (!room) throw new Error(`room ${roomID} is not in the store`);
    return room;
  }

  private unindex(userID: string, roomID: string): void {
    const index = this.roomsByUser.get(userID);
    index?.delete(roomID);
    if (index?.size === 0) this.roomsByUser.delete(userID);
  }
}
