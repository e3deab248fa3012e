/**
 * Delivers each room's events to this node's sessions, in the room's sequence order, only from
 * the store's feed (this node's own steps included), so every receiver on every node sees one
 * order (SPEC 7, 11). A gap in a room's sequence is filled from the store's event log; when the
 * log no longer covers it, the room's sessions here are told they lost the room.
 *
 * An entering session's answer goes out before any event that follows its entry: events that
 * arrive while an entry is under way are kept and replayed to it after its answer.
 */
import type { Outbox } from './outbox.ts';
import { netChange } from './member-batcher.ts';
import type { MemberChange, RoomEvent, RoomStore } from '../store/types.ts';
import { inBackground } from './context.ts';

interface FeedRoom {
  /** The last event delivered; undefined until the first entry here tells where the room is. */
  lastSeq: number | undefined;
  /** Sessions here receiving the room → the seq they entered at (they get what follows). */
  recipients: Map<string, number>;
  /** Entries under way on this node. */
  entering: number;
  /** Events delivered while an entry was under way, for its session after its answer. */
  recent: RoomEvent[];
  /** Events waiting for a gap before them to be filled. */
  waiting: RoomEvent[] | undefined;
  /** Highest entered seq among recipients (no exclusions needed for later events). */
  maxEntered: number;
  /** The store's subscription to the room, once asked for. */
  watching: Promise<void> | undefined;
}

/** Events kept for entries under way, at most (a join storm must not grow it without end). */
const RECENT_LIMIT = 5000;
/** Reading a gap from the store's log is retried this often, this far apart, while it is away. */
const FILL_ATTEMPTS = 20;
const FILL_RETRY_MS = 250;

export interface FeedListener {
  /** The session no longer receives the room (left, moved, kicked, destroyed). */
  roomLost(sessionID: string, roomID: string): void;
  /** The feed could not recover the room's events: its sessions here must re-enter. */
  roomUnrecoverable(roomID: string, sessionIDs: string[]): void;
}

export class RoomFeed {
  private readonly rooms = new Map<string, FeedRoom>();

  constructor(
    private readonly store: RoomStore,
    private readonly outbox: Outbox,
    private readonly listener: FeedListener,
  ) {}

  /** Before an entry step: watch the room so no event after the entry is missed. */
  async beginEntry(roomID: string): Promise<void> {
    const room = this.room(roomID);
    room.entering += 1;
    room.watching ??= this.store.watch(roomID);
    try {
      await room.watching;
    } catch (error) {
      room.watching = undefined;
      this.endEntry(roomID);
      throw error;
    }
  }

  /** The entry step is over; `admitted` with the seq it entered at, then `answer` before what follows. */
  endEntry(roomID: string, admitted?: { sessionID: string; seq: number; answer: () => void }): void {
    const room = this.rooms.get(roomID);
    if (!room) return admitted?.answer();
    room.entering = Math.max(0, room.entering - 1);
    if (admitted) {
      const { sessionID, seq } = admitted;
      room.lastSeq ??= seq;
      room.recipients.set(sessionID, seq);
      room.maxEntered = Math.max(room.maxEntered, seq);
      this.outbox.subscribe(sessionID, roomID);
      admitted.answer();
      for (const event of room.recent) if (event.seq > seq) this.deliverTo(event, sessionID);
    }
    if (room.entering === 0) room.recent = [];
    this.dropIfIdle(roomID, room);
  }

  /** The session is out of the room (its own leave): it receives nothing more from it. */
  remove(sessionID: string, roomID: string): void {
    const room = this.rooms.get(roomID);
    if (!room?.recipients.delete(sessionID)) return;
    this.outbox.unsubscribe(sessionID, roomID);
    this.listener.roomLost(sessionID, roomID);
    this.dropIfIdle(roomID, room);
  }

  /** Sessions here in the room. */
  sessionsIn(roomID: string): string[] {
    return [...(this.rooms.get(roomID)?.recipients.keys() ?? [])];
  }

  /** The store's feed: an event of a watched room. */
  receive(event: RoomEvent): void {
    const room = this.rooms.get(event.roomID);
    if (!room) return;
    if (room.waiting) return void room.waiting.push(event);
    if (room.lastSeq !== undefined && event.seq <= room.lastSeq) return; // already delivered
    if (room.lastSeq !== undefined && event.seq > room.lastSeq + 1) {
      // A gap matters only if someone here entered before the missing events.
      const floor = this.floor(room);
      if (floor === undefined || event.seq <= floor + 1) return this.deliver(room, event);
      room.waiting = [event];
      return inBackground('filling a gap in a room feed', this.fill(event.roomID, room));
    }
    this.deliver(room, event);
  }

  /** The store's feed was cut: each room is brought up to date from the store's event log. */
  catchUp(): void {
    for (const [roomID, room] of this.rooms) {
      if (room.waiting || room.lastSeq === undefined) continue;
      room.waiting = [];
      inBackground('catching up a room feed', this.fill(roomID, room));
    }
  }

  /** Forgets every room (the store lost our state); the sessions are told by the caller. */
  clear(): void {
    for (const [roomID, room] of this.rooms) {
      for (const sessionID of room.recipients.keys()) this.outbox.unsubscribe(sessionID, roomID);
    }
    this.rooms.clear();
  }

  /** The store's log after the last delivered event; retried while the store is away. */
  private async missed(roomID: string, room: FeedRoom): Promise<RoomEvent[] | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.eventsAfter(roomID, Math.max(room.lastSeq ?? 0, this.floor(room) ?? 0));
      } catch (error) {
        if (attempt >= FILL_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, FILL_RETRY_MS).unref());
      }
    }
  }

  private async fill(roomID: string, room: FeedRoom): Promise<void> {
    // Gone from the log (or the store stayed away): the room's sessions here must enter again.
    const missed = await this.missed(roomID, room).catch(() => undefined);
    const waiting = room.waiting ?? [];
    room.waiting = undefined;
    if (this.rooms.get(roomID) !== room) return;
    if (!missed) {
      const sessionIDs = [...room.recipients.keys()];
      for (const sessionID of sessionIDs) this.remove(sessionID, roomID);
      this.listener.roomUnrecoverable(roomID, sessionIDs);
      return;
    }
    for (const event of [...missed, ...waiting].sort((a, b) => a.seq - b.seq)) {
      if (this.rooms.get(roomID) !== room) return;
      const after = Math.max(room.lastSeq ?? 0, this.floor(room) ?? 0);
      if (room.lastSeq === undefined || (event.seq > room.lastSeq && event.seq <= after + 1)) this.deliver(room, event);
    }
  }

  private deliver(room: FeedRoom, event: RoomEvent): void {
    room.lastSeq = event.seq;
    if (room.entering > 0) {
      room.recent.push(event);
      if (room.recent.length > RECENT_LIMIT) room.recent.shift();
    }
    // An event concerns only sessions that entered before it: one that entered later (the room
    // made anew by it, say) keeps its place when an older event of the room arrives late.
    for (const sessionID of event.left ?? []) this.removeIfBefore(room, sessionID, event);
    const late =
      event.seq <= room.maxEntered ? [...room.recipients].filter(([, at]) => at >= event.seq).map(([id]) => id) : [];
    if (event.members) this.members(room, event, event.members, late);
    for (const push of event.pushes ?? []) {
      if (push.to !== undefined) {
        const at = room.recipients.get(push.to);
        if (at === undefined || at < event.seq) this.outbox.toSession(push.to, push.event, push.data as never);
      } else {
        this.outbox.toRoom(event.roomID, push.event, push.data as never, [...(push.except ?? []), ...late]);
      }
    }
    if (event.destroyed) {
      for (const sessionID of [...room.recipients.keys()]) this.removeIfBefore(room, sessionID, event);
      if (room.recipients.size === 0) {
        // An entry under way may be creating the room anew: its sequence starts afresh.
        room.lastSeq = undefined;
        room.recent = [];
        room.maxEntered = 0;
      }
    }
  }

  private removeIfBefore(room: FeedRoom, sessionID: string, event: RoomEvent): void {
    const at = room.recipients.get(sessionID);
    if (at !== undefined && at < event.seq) this.remove(sessionID, event.roomID);
  }

  /** The earliest entry among the room's sessions here: nobody here needs an event at or before it. */
  private floor(room: FeedRoom): number | undefined {
    let min: number | undefined;
    for (const at of room.recipients.values()) if (min === undefined || at < min) min = at;
    return min;
  }

  /** One event per kind for everyone who was there before the changes; the rest get their own share. */
  private members(room: FeedRoom, event: RoomEvent, changes: MemberChange[], late: string[]): void {
    const first = Math.min(...changes.map((c) => c.seq));
    const own = [...room.recipients].filter(([id, at]) => at >= first && !late.includes(id));
    const everyone = netChange(changes, 0);
    const except = [...late, ...own.map(([id]) => id)];
    const { roomID } = event;
    if (everyone.joined.length > 0)
      this.outbox.toRoom(roomID, 'roomMemberJoined', { roomID, memberList: everyone.joined }, except);
    if (everyone.left.length > 0)
      this.outbox.toRoom(roomID, 'roomMemberLeft', { roomID, memberList: everyone.left }, except);
    for (const [sessionID, at] of own) {
      const net = netChange(changes, at);
      if (net.joined.length > 0)
        this.outbox.toSession(sessionID, 'roomMemberJoined', { roomID, memberList: net.joined });
      if (net.left.length > 0) this.outbox.toSession(sessionID, 'roomMemberLeft', { roomID, memberList: net.left });
    }
  }

  /** The last event delivered of the room here. */
  lastSeq(roomID: string): number | undefined {
    return this.rooms.get(roomID)?.lastSeq;
  }

  /**
   * What a session resuming here missed on the node it dropped from: the room's events after
   * `after` (the last one that node delivered) up to `upTo` (where it entered here).
   */
  replay(sessionID: string, events: RoomEvent[], after: number, upTo: number): void {
    for (const event of events) if (event.seq > after && event.seq <= upTo) this.deliverTo(event, sessionID, after);
  }

  /** One event to one session (an entry's replay); member changes after `at` count. */
  private deliverTo(
    event: RoomEvent,
    sessionID: string,
    at = this.rooms.get(event.roomID)?.recipients.get(sessionID) ?? 0,
  ): void {
    if (event.left?.includes(sessionID)) return this.remove(sessionID, event.roomID);
    if (event.members) {
      const net = netChange(event.members, at);
      const roomID = event.roomID;
      if (net.joined.length > 0)
        this.outbox.toSession(sessionID, 'roomMemberJoined', { roomID, memberList: net.joined });
      if (net.left.length > 0) this.outbox.toSession(sessionID, 'roomMemberLeft', { roomID, memberList: net.left });
    }
    for (const push of event.pushes ?? []) {
      const mine = push.to === undefined ? !(push.except ?? []).includes(sessionID) : push.to === sessionID;
      if (mine) this.outbox.toSession(sessionID, push.event, push.data as never);
    }
    if (event.destroyed) this.remove(sessionID, event.roomID);
  }

  private room(roomID: string): FeedRoom {
    let room = this.rooms.get(roomID);
    if (!room) {
      room = {
        lastSeq: undefined,
        recipients: new Map(),
        entering: 0,
        recent: [],
        waiting: undefined,
        maxEntered: 0,
        watching: undefined,
      };
      this.rooms.set(roomID, room);
    }
    return room;
  }

  private dropIfIdle(roomID: string, room: FeedRoom): void {
    if (room.entering > 0 || room.recipients.size > 0 || this.rooms.get(roomID) !== room) return;
    this.rooms.delete(roomID);
    inBackground('unwatching a room', this.store.unwatch(roomID));
  }
}
