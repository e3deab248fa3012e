/**
 * The Outbox over Socket.IO: it only adapts sockets. Each room is a Socket.IO room (`r:<roomID>`),
 * so a message costs one broadcast (encoded once); a room's messages within the coalescing window
 * share one broadcast (rooms/message-coalescer.ts), and any other push of the room sends what is
 * held first. What a session without a live connection misses is the room core's to keep
 * (rooms/absent-sessions.ts) and to order on resume (rooms/resume-plan.ts); this sends it.
 */
import type { Server, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  ServerEventName,
  ServerPayload,
  ServerToClientEvents,
  WireRoomMessages,
  ZIMEventOfConnectionStateChangedResult,
  ZIMUserInfo,
} from '../lib/protocol/index.ts';
import { AbsentSessions } from './rooms/absent-sessions.ts';
import { systemClock, type Clock } from './rooms/clock.ts';
import { MessageCoalescer } from './rooms/message-coalescer.ts';
import type { Outbox } from './rooms/outbox.ts';
import { push, roomOfPush, type Push } from './rooms/pushes.ts';
import type { Replay } from './rooms/room-resume.ts';
import { resumePlan } from './rooms/resume-plan.ts';

/** What the handshake established about a connection (socket.data), set before it connects. */
export interface SocketData {
  sessionID: string;
  user: ZIMUserInfo;
  /** When the token it connected with expires, in ms. */
  expiresAt: number;
}

export type ConveneIO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ConveneSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const roomChannel = (roomID: string) => `r:${roomID}`;

export class SocketOutbox implements Outbox {
  private readonly sockets = new Map<string, ConveneSocket>();
  private readonly subscriptions = new Map<string, Set<string>>();
  /** Sessions not receiving live, and what they miss. */
  private readonly absent = new AbsentSessions();
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
    this.coalescer.flush(roomOfPush(event, data));
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
    if (this.absent.keepForSession(sessionID, push(event, data))) return;
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
    this.absent.keepForRoom(roomID, push(event, data), except);
  }

  subscribe(sessionID: string, roomID: string): void {
    this.coalescer.flush(roomID);
    let rooms = this.subscriptions.get(sessionID);
    if (!rooms) this.subscriptions.set(sessionID, (rooms = new Set()));
    if (!rooms.has(roomID)) this.receivers.set(roomID, (this.receivers.get(roomID) ?? 0) + 1);
    rooms.add(roomID);
    if (this.absent.has(sessionID)) this.absent.addRoom(sessionID, roomID);
    else void this.sockets.get(sessionID)?.join(roomChannel(roomID));
  }

  unsubscribe(sessionID: string, roomID: string): void {
    this.coalescer.flush(roomID);
    if (this.subscriptions.get(sessionID)?.delete(roomID)) this.lessReceivers(roomID);
    void this.sockets.get(sessionID)?.leave(roomChannel(roomID));
    this.absent.removeRoom(sessionID, roomID);
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
    if (live) this.goLive(sessionID, this.roomsOf(sessionID), new Map());
    else this.absent.begin(sessionID, this.roomsOf(sessionID));
  }

  /** The connection is gone; keep what the session misses. */
  detach(sessionID: string, socket: ConveneSocket): boolean {
    if (this.sockets.get(sessionID) !== socket) return false; // a newer connection took over
    this.sockets.delete(sessionID);
    this.absent.begin(sessionID, this.roomsOf(sessionID));
    return true;
  }

  /**
   * The session resumed: what it missed (the resume plan: `replay` holds, per room, the stored
   * messages after the client's last one; rooms not in `known` are dropped), then live.
   */
  goLive(sessionID: string, known: ReadonlySet<string>, replay: ReadonlyMap<string, Replay>): void {
    this.flushRoomsOf(sessionID);
    const rooms = this.roomsOf(sessionID);
    const missed = this.absent.end(sessionID, rooms);
    const socket = this.sockets.get(sessionID);
    if (!socket) return;
    this.sendAll(sessionID, resumePlan(missed, rooms, known, replay));
    for (const roomID of rooms) void socket.join(roomChannel(roomID));
  }

  /** Before a resume is answered: the state changes of rooms the client still thinks it has. */
  sendStateChanges(sessionID: string, known: ReadonlySet<string>): void {
    this.flushRoomsOf(sessionID);
    if (this.sockets.has(sessionID)) this.sendAll(sessionID, this.absent.takeStateChanges(sessionID, known));
  }

  private sendAll(sessionID: string, pushes: readonly Push[]): void {
    const socket = this.sockets.get(sessionID);
    for (const item of pushes) (socket?.emit as ((e: string, d: unknown) => void) | undefined)?.(item.event, item.data);
  }

  private roomsOf(sessionID: string): ReadonlySet<string> {
    return this.subscriptions.get(sessionID) ?? new Set<string>();
  }

  /** The session has ended: nothing more is kept for it. */
  forget(sessionID: string): void {
    const rooms = this.subscriptions.get(sessionID) ?? [];
    this.subscriptions.delete(sessionID);
    this.absent.end(sessionID, rooms);
    for (const roomID of rooms) this.lessReceivers(roomID);
    this.sockets.delete(sessionID);
  }

  private flushRoomsOf(sessionID: string): void {
    for (const roomID of this.subscriptions.get(sessionID) ?? []) this.coalescer.flush(roomID);
  }
}
