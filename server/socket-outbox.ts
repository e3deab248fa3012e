/**
 * The Outbox over Socket.IO. Each room is a Socket.IO room (`r:<roomID>`), so a message costs one
 * broadcast (encoded once); a room's messages within the coalescing window share one broadcast
 * (rooms/message-coalescer.ts), and any other push of the room sends what is held first. A session
 * whose connection is gone (grace period) or not yet resumed gets its pushes buffered, and
 * receives them in order once it resumes.
 */
import type { Server, Socket } from 'socket.io';
import {
  slimRoomMessage,
  type ClientToServerEvents,
  type ServerEventName,
  type ServerPayload,
  type ServerToClientEvents,
  type WireRoomMessage,
  type WireRoomMessages,
  type ZIMEventOfConnectionStateChangedResult,
  type ZIMUserInfo,
} from '../lib/protocol/index.ts';
import { systemClock, type Clock } from './rooms/clock.ts';
import { MessageCoalescer } from './rooms/message-coalescer.ts';
import type { Outbox } from './rooms/outbox.ts';
import type { Replay } from './rooms/room-messages.ts';

/** What the handshake established about a connection (socket.data), set before it connects. */
export interface SocketData {
  sessionID: string;
  user: ZIMUserInfo;
  /** When the token it connected with expires, in ms. */
  expiresAt: number;
}

export type ConveneIO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ConveneSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

interface Buffered {
  roomID: string | undefined;
  event: ServerEventName;
  data: unknown;
}

/** Pushes kept for one absent session at most; older ones are dropped first. */
const BUFFER_LIMIT = 10_000;

const roomChannel = (roomID: string) => `r:${roomID}`;

function roomOf(data: unknown): string | undefined {
  const d = data as { roomID?: unknown; fromConversationID?: unknown };
  if (typeof d.roomID === 'string') return d.roomID;
  return typeof d.fromConversationID === 'string' ? d.fromConversationID : undefined;
}

export class SocketOutbox implements Outbox {
  private readonly sockets = new Map<string, ConveneSocket>();
  private readonly subscriptions = new Map<string, Set<string>>();
  /** Sessions not receiving live: sessionID → what they missed. */
  private readonly buffers = new Map<string, Buffered[]>();
  /** roomID → sessions of that room that are not live. */
  private readonly absentByRoom = new Map<string, Set<string>>();
  /** roomID → how many sessions here receive it: the room's window closes when none is left. */
  private readonly receivers = new Map<string, number>();

  private readonly coalescer: MessageCoalescer;

  /** `coalesceMs`: the window a room's messages share one push in (0: one push per message). */
  constructor(
    private readonly io: ConveneIO,
    coalesceMs = 0,
    clock: Clock = systemClock,
  ) {
    this.coalescer = new MessageCoalescer(coalesceMs, clock, {
      toRoom: (roomID, messageList, except) =>
        this.emitToRoom(roomID, 'receiveRoomMessage', { messageList, fromConversationID: roomID }, except),
      toSession: (sessionID, roomID, messageList) =>
        this.emitToSession(sessionID, 'receiveRoomMessage', { messageList, fromConversationID: roomID }),
      receives: (sessionID, roomID) => this.subscriptions.get(sessionID)?.has(roomID) ?? false,
    });
  }

  toSession<E extends ServerEventName>(sessionID: string, event: E, data: ServerPayload<E>): void {
    this.coalescer.flush(roomOf(data));
    this.emitToSession(sessionID, event, data);
  }

  toRoom<E extends ServerEventName>(
    roomID: string,
    event: E,
    data: ServerPayload<E>,
    except: readonly string[] = [],
  ): void {
    if (event === 'receiveRoomMessage')
      return this.coalescer.send(roomID, (data as WireRoomMessages).messageList, except);
    this.coalescer.flush(roomID);
    this.emitToRoom(roomID, event, data, except);
  }

  /** Sends every room's held messages (before connections are closed: a drain). */
  flushAll(): void {
    this.coalescer.flushAll();
  }

  /** At shutdown: held messages go now and no window timer is left behind. */
  close(): void {
    this.coalescer.close();
  }

  private emitToSession<E extends ServerEventName>(sessionID: string, event: E, data: ServerPayload<E>): void {
    const buffer = this.buffers.get(sessionID);
    if (buffer) return this.keep(buffer, event, data);
    (this.sockets.get(sessionID)?.emit as (e: E, d: ServerPayload<E>) => void)?.(event, data);
  }

  private emitToRoom<E extends ServerEventName>(
    roomID: string,
    event: E,
    data: ServerPayload<E>,
    except: readonly string[],
  ): void {
    let target = this.io.to(roomChannel(roomID));
    for (const sessionID of except) {
      const socket = this.sockets.get(sessionID);
      if (socket) target = target.except(socket.id);
    }
    (target.emit as (e: E, d: ServerPayload<E>) => boolean)(event, data);
    const absent = this.absentByRoom.get(roomID);
    if (!absent) return;
    for (const sessionID of absent) {
      const buffer = this.buffers.get(sessionID);
      if (buffer && !except.includes(sessionID)) this.keep(buffer, event, data);
    }
  }

  subscribe(sessionID: string, roomID: string): void {
    this.coalescer.flush(roomID);
    let rooms = this.subscriptions.get(sessionID);
    if (!rooms) this.subscriptions.set(sessionID, (rooms = new Set()));
    if (!rooms.has(roomID)) this.receivers.set(roomID, (this.receivers.get(roomID) ?? 0) + 1);
    rooms.add(roomID);
    if (this.buffers.has(sessionID)) this.markAbsent(sessionID, roomID);
    else void this.sockets.get(sessionID)?.join(roomChannel(roomID));
  }

  unsubscribe(sessionID: string, roomID: string): void {
    this.coalescer.flush(roomID);
    if (this.subscriptions.get(sessionID)?.delete(roomID)) this.lessReceivers(roomID);
    void this.sockets.get(sessionID)?.leave(roomChannel(roomID));
    this.unmarkAbsent(sessionID, roomID);
  }

  private lessReceivers(roomID: string): void {
    const left = (this.receivers.get(roomID) ?? 1) - 1;
    if (left > 0) return void this.receivers.set(roomID, left);
    this.receivers.delete(roomID);
    this.coalescer.drop(roomID);
  }

  endSession(sessionID: string, reason: ZIMEventOfConnectionStateChangedResult): void {
    this.flushRoomsOf(sessionID);
    const socket = this.sockets.get(sessionID);
    this.forget(sessionID);
    socket?.emit('connectionStateChanged', reason);
    socket?.disconnect(true);
  }

  /** Closes the connection's transport (what is queued is sent first); the SDK reconnects. */
  dropConnection(sessionID: string): void {
    this.flushRoomsOf(sessionID);
    this.sockets.get(sessionID)?.conn.close();
  }

  /** A new connection for the session: it receives live at once, or (restored) after resume. */
  attach(sessionID: string, socket: ConveneSocket, live: boolean): void {
    const previous = this.sockets.get(sessionID);
    this.sockets.set(sessionID, socket);
    if (previous && previous !== socket) previous.disconnect(true);
    if (live) this.goLive(sessionID, () => true);
    else this.goAbsent(sessionID);
  }

  /** The connection is gone; keep what the session misses. */
  detach(sessionID: string, socket: ConveneSocket): boolean {
    if (this.sockets.get(sessionID) !== socket) return false; // a newer connection took over
    this.sockets.delete(sessionID);
    this.goAbsent(sessionID);
    return true;
  }

  /**
   * The session resumed: send what it missed in rooms it still knows, then go live. `replay`
   * holds, per room, the stored messages after the client's last one; buffered messages of those
   * rooms join them, so each goes out once and in order.
   */
  goLive(sessionID: string, keep: (roomID: string) => boolean, replay: Map<string, Replay> = new Map()): void {
    this.flushRoomsOf(sessionID);
    const socket = this.sockets.get(sessionID);
    let missed = this.buffers.get(sessionID) ?? [];
    this.buffers.delete(sessionID);
    const rooms = this.subscriptions.get(sessionID) ?? new Set<string>();
    for (const roomID of rooms) this.unmarkAbsent(sessionID, roomID);
    if (!socket) return;
    missed = this.replayMessages(socket, rooms, missed, replay);
    for (const item of missed) {
      if (item.roomID === undefined || (rooms.has(item.roomID) && keep(item.roomID))) {
        (socket.emit as (e: string, d: unknown) => void)(item.event, item.data);
      }
    }
    for (const roomID of rooms) void socket.join(roomChannel(roomID));
  }

  /**
   * Before a resume is answered: the room state changes the server caused while the session was
   * away (KickedOutByOtherDevice, …) for rooms the client still thinks it has, so it learns why
   * it lost them rather than seeing a bare ConnectTimeout.
   */
  deliverStateChanges(sessionID: string, known: (roomID: string) => boolean): void {
    this.flushRoomsOf(sessionID);
    const socket = this.sockets.get(sessionID);
    const buffer = this.buffers.get(sessionID);
    if (!socket || !buffer) return;
    const rest: Buffered[] = [];
    for (const item of buffer) {
      if (item.event === 'roomStateChanged' && item.roomID !== undefined && known(item.roomID)) {
        (socket.emit as (e: string, d: unknown) => void)(item.event, item.data);
      } else rest.push(item);
    }
    this.buffers.set(sessionID, rest);
  }

  /** Sends the replayed rooms' messages, merged with their buffered ones; returns the rest. */
  private replayMessages(
    socket: ConveneSocket,
    rooms: Set<string>,
    missed: Buffered[],
    replay: Map<string, Replay>,
  ): Buffered[] {
    const rest: Buffered[] = [];
    const byRoom = new Map<string, Map<string, WireRoomMessage>>();
    for (const [roomID, { after, messages }] of replay) {
      const later = messages.filter((m) => Number(m.messageID) > after);
      if (rooms.has(roomID)) byRoom.set(roomID, new Map(later.map((m) => [m.messageID, slimRoomMessage(m)])));
    }
    // Buffered ones never reached the client, so all of them go, even those before `after` (held
    // in a coalescing window while the client's own later message was acknowledged).
    for (const item of missed) {
      const merged =
        item.event === 'receiveRoomMessage' && item.roomID !== undefined ? byRoom.get(item.roomID) : undefined;
      if (!merged) rest.push(item);
      else for (const m of (item.data as WireRoomMessages).messageList) merged.set(m.messageID, m);
    }
    for (const [roomID, merged] of byRoom) {
      const messageList = [...merged.values()].sort((a, b) => Number(a.messageID) - Number(b.messageID));
      if (messageList.length > 0) socket.emit('receiveRoomMessage', { messageList, fromConversationID: roomID });
    }
    return rest;
  }

  /** The session has ended: nothing more is kept for it. */
  forget(sessionID: string): void {
    const rooms = this.subscriptions.get(sessionID) ?? [];
    this.subscriptions.delete(sessionID);
    for (const roomID of rooms) {
      this.unmarkAbsent(sessionID, roomID);
      this.lessReceivers(roomID);
    }
    this.buffers.delete(sessionID);
    this.sockets.delete(sessionID);
  }

  private flushRoomsOf(sessionID: string): void {
    for (const roomID of this.subscriptions.get(sessionID) ?? []) this.coalescer.flush(roomID);
  }

  private goAbsent(sessionID: string): void {
    if (!this.buffers.has(sessionID)) this.buffers.set(sessionID, []);
    for (const roomID of this.subscriptions.get(sessionID) ?? []) this.markAbsent(sessionID, roomID);
  }

  private keep(buffer: Buffered[], event: ServerEventName, data: unknown): void {
    buffer.push({ roomID: roomOf(data), event, data });
    if (buffer.length > BUFFER_LIMIT) buffer.shift();
  }

  private markAbsent(sessionID: string, roomID: string): void {
    let absent = this.absentByRoom.get(roomID);
    if (!absent) this.absentByRoom.set(roomID, (absent = new Set()));
    absent.add(sessionID);
  }

  private unmarkAbsent(sessionID: string, roomID: string): void {
    const absent = this.absentByRoom.get(roomID);
    absent?.delete(sessionID);
    if (absent?.size === 0) this.absentByRoom.delete(roomID);
  }
}
