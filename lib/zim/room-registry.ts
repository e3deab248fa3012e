/**
 * The rooms this session holds, as the SDK knows them, and the one place that emits their state
 * events, so every path (calls, pushes, reconnects) reports transitions the same way.
 */
import {
  DEFAULT_SERVER_LIMITS,
  ZIMErrorCode,
  ZIMError,
  ZIMRoomAttributesUpdateAction,
  ZIMRoomEvent,
  ZIMRoomState,
  type RoomEntered,
  type ZIMRoomFullInfo,
} from '../protocol/client.ts';
import type { Emitter } from './emitter.ts';
import { normalizeMessage } from './message-calls.ts';
import type { ZIMRoomEnteredHow } from './sdk-types.ts';

/** Own messages kept ahead of the received ones per room, at most (the oldest is let go). */
const OWN_AHEAD_LIMIT = 1000;

export class RoomRegistry {
  /** Rooms entered and not left. During a reconnect they stay here, reported as Connecting. */
  private readonly rooms = new Map<string, ZIMRoomFullInfo>();
  /** Rooms with a create/join/enter/switch in flight: a second one is refused with 6000326. */
  private readonly pending = new Set<string>();
  /** Highest messageID received per room (with own messages right after it): a resume asks for what came after it. */
  private readonly lastMessage = new Map<string, number>();
  /**
   * Own messages acknowledged ahead of messages still on their way (the server may hold a room's
   * messages for its coalescing window, or deliver them from another node): they must not move
   * `lastMessage` past those, and a replay of them after a resume is not news.
   */
  private readonly ownAhead = new Map<string, Set<number>>();
  /** The server's cap on an entered bundle's member list, as its resume answer said. */
  private initialListSize = DEFAULT_SERVER_LIMITS.initialMemberListSize;

  constructor(private readonly events: Emitter<unknown>) {}

  ids(): string[] {
    return [...this.rooms.keys()];
  }

  get(roomID: string): ZIMRoomFullInfo | undefined {
    return this.rooms.get(roomID);
  }

  has(roomID: string): boolean {
    return this.rooms.has(roomID);
  }

  /** Marks rooms as busy for the duration of one call; throws 6000326 if one already is. */
  async whileBusy<T>(roomIDs: string[], run: () => Promise<T>): Promise<T> {
    const busy = roomIDs.find((id) => this.pending.has(id));
    if (busy !== undefined) {
      throw new ZIMError(ZIMErrorCode.RoomOperationInProgress, `An operation on room ${busy} is still in progress`);
    }
    for (const id of roomIDs) this.pending.add(id);
    try {
      return await run();
    } finally {
      for (const id of roomIDs) this.pending.delete(id);
    }
  }

  state(roomID: string, state: ZIMRoomState, event: ZIMRoomEvent, extendedData = ''): void {
    this.events.emit('roomStateChanged', { roomID, state, event, extendedData });
  }

  /** The server's `initialMemberListSize` (every resume answer carries it; older servers do not). */
  noteInitialListSize(size: unknown): void {
    if (typeof size === 'number' && Number.isInteger(size) && size > 0) this.initialListSize = size;
  }

  /** A room entered by a call or found on the server after a reload: Connected, then the bundle. */
  entered(entry: RoomEntered, how: ZIMRoomEnteredHow = 'entered'): void {
    const roomID = entry.roomInfo.baseInfo.roomID;
    this.rooms.set(roomID, entry.roomInfo);
    this.state(roomID, ZIMRoomState.Connected, ZIMRoomEvent.Success);
    this.bundle(entry, how);
  }

  /**
   * What a session sees right after entering: Convene's `roomEntered` with the whole bundle, then
   * ZIM's pieces of it, the member list (itself included) and, when there are any, the current
   * attributes as one Set update. ZIM apps fill their lists from these.
   */
  bundle(entry: RoomEntered, how: ZIMRoomEnteredHow): void {
    const roomID = entry.roomInfo.baseInfo.roomID;
    this.announce(entry, how);
    this.events.emit('roomMemberJoined', { roomID, memberList: entry.memberList });
    if (Object.keys(entry.roomAttributes).length > 0) {
      this.events.emit('roomAttributesUpdated', {
        roomID,
        infos: [{ action: ZIMRoomAttributesUpdateAction.Set, roomAttributes: entry.roomAttributes }],
      });
    }
  }

  /** Convene's `roomEntered`: the bundle in one piece, and whether its member list is all of the room. */
  private announce(entry: RoomEntered, how: ZIMRoomEnteredHow): void {
    this.events.emit('roomEntered', {
      roomID: entry.roomInfo.baseInfo.roomID,
      roomInfo: entry.roomInfo,
      memberList: entry.memberList,
      memberListComplete: entry.memberList.length < this.initialListSize,
      roomAttributes: entry.roomAttributes,
      ...(entry.messageList ? { messageList: entry.messageList.map((m) => normalizeMessage(m)) } : {}),
      how,
    });
  }

  /** Records a room without events (the caller orders them itself, as switchRoom must). */
  add(roomInfo: ZIMRoomFullInfo): void {
    this.rooms.set(roomInfo.baseInfo.roomID, roomInfo);
  }

  /** Drops a room and reports it Disconnected with `event`. */
  drop(roomID: string, event: ZIMRoomEvent, extendedData = ''): void {
    this.rooms.delete(roomID);
    this.forgetMessages(roomID);
    this.state(roomID, ZIMRoomState.Disconnected, event, extendedData);
  }

  /** Drops a room quietly: the server already told the app (its push is forwarded as is). */
  forget(roomID: string): void {
    this.rooms.delete(roomID);
    this.forgetMessages(roomID);
  }

  /** Records a received message of the room; false when it was seen already (a replay after a resume, an own message). */
  noteMessage(roomID: string, messageID: string): boolean {
    const seq = Number(messageID);
    if (!Number.isFinite(seq)) return true;
    const last = this.lastMessage.get(roomID) ?? 0;
    if (seq <= last) return false;
    const own = this.ownAhead.get(roomID);
    const mine = own?.delete(seq) ?? false;
    if (this.rooms.has(roomID)) this.advance(roomID, seq, own);
    return !mine;
  }

  /** Records an own message the server acknowledged: later than what was received, it waits in `ownAhead`. */
  noteSent(roomID: string, messageID: string): void {
    const seq = Number(messageID);
    const last = this.lastMessage.get(roomID) ?? 0;
    if (!Number.isFinite(seq) || seq <= last || !this.rooms.has(roomID)) return;
    if (seq === last + 1) return this.advance(roomID, seq, this.ownAhead.get(roomID));
    let own = this.ownAhead.get(roomID);
    if (!own) this.ownAhead.set(roomID, (own = new Set()));
    own.add(seq);
    if (own.size > OWN_AHEAD_LIMIT) own.delete(Math.min(...own));
  }

  /** The rooms as a resume lists them: each with the last message this session has. */
  resumeList(): { roomID: string; lastMessageID?: string }[] {
    return this.ids().map((roomID) => {
      const own = this.ownAhead.get(roomID);
      const last = this.lastMessage.get(roomID) ?? (own?.size ? Math.min(...own) - 1 : undefined);
      return last === undefined ? { roomID } : { roomID, lastMessageID: String(last) };
    });
  }

  /** `seq` received: own messages right after it count as had too. */
  private advance(roomID: string, seq: number, own: Set<number> | undefined): void {
    let last = seq;
    while (own?.delete(last + 1)) last += 1;
    if (own) for (const id of own) if (id <= last) own.delete(id);
    this.lastMessage.set(roomID, last);
  }

  private forgetMessages(roomID: string): void {
    this.lastMessage.delete(roomID);
    this.ownAhead.delete(roomID);
  }

  dropAll(event: ZIMRoomEvent): void {
    for (const roomID of this.ids()) this.drop(roomID, event);
  }

  /** The connection dropped: every room is Connecting until the server says whether it kept it. */
  interrupted(): void {
    for (const roomID of this.ids()) this.state(roomID, ZIMRoomState.Connecting, ZIMRoomEvent.NetworkInterrupted);
  }

  /**
   * After a (re)connect the server lists what this session still holds. Rooms we had come back
   * Connected, with `roomEntered` (how: resumed) carrying the room as it is now (ZIM sends no
   * member list then); rooms we did not know (a page reload with a restored session) are entered
   * afresh (how: restored); rooms the server no longer holds timed out.
   */
  resumed(held: RoomEntered[]): void {
    const heldIDs = new Set(held.map((entry) => entry.roomInfo.baseInfo.roomID));
    const lost = this.ids().filter((roomID) => !heldIDs.has(roomID));
    for (const entry of held) {
      const roomID = entry.roomInfo.baseInfo.roomID;
      if (this.rooms.has(roomID)) {
        this.rooms.set(roomID, entry.roomInfo);
        this.state(roomID, ZIMRoomState.Connected, ZIMRoomEvent.Success);
        this.announce(entry, 'resumed');
      } else {
        this.entered(entry, 'restored');
      }
    }
    for (const roomID of lost) this.drop(roomID, ZIMRoomEvent.ConnectTimeout);
  }

  clear(): void {
    this.rooms.clear();
    this.pending.clear();
    this.lastMessage.clear();
    this.ownAhead.clear();
  }
}
