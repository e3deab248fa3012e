/**
 * Coalesced fan-out of room messages: a room's messages within a short window go out as one
 * `receiveRoomMessage` with a `messageList`, so a room where many people talk at once costs one
 * frame per member per window instead of one per message (Centrifugo batches pushes per
 * connection the same way).
 *
 * A window opens with the first message (sent at once, so a quiet room waits for nothing) and
 * holds what follows until it ends; then the held messages go as one push and the next window
 * opens (a window that fills up to MAX_HELD_MESSAGES goes early). High-priority messages are
 * never held: they flush what is held, then go. Whoever emits anything else of the room (member
 * events, attributes, state changes, entries) calls `flush` first, so every receiver keeps the
 * room's one order.
 */
import { ZIMMessagePriority, type WireRoomMessage } from '../../lib/protocol/index.ts';
import type { Clock, Timer } from './clock.ts';

/** Messages one push carries at most: a window holding more sends them at once (a push stays far below the outbound cap). */
export const MAX_HELD_MESSAGES = 100;

interface Held {
  message: WireRoomMessage;
  /** Sessions this message must not reach (its sender; sessions here that entered after it, SPEC 11). */
  except: readonly string[];
}

interface Window {
  held: Held[];
  timer: Timer;
}

export interface CoalescedSends {
  /** One push to the whole room but `except`. */
  toRoom(roomID: string, messageList: WireRoomMessage[], except: readonly string[]): void;
  /** One push to one session of the room (the messages of the batch it was not excluded from). */
  toSession(sessionID: string, roomID: string, messageList: WireRoomMessage[]): void;
  /** Whether the session receives the room here (only those get their own share). */
  receives(sessionID: string, roomID: string): boolean;
}

export class MessageCoalescer {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly sends: CoalescedSends,
  ) {}

  /** A room message (list) for the room but `except`: sent now or held for the window. */
  send(roomID: string, messageList: readonly WireRoomMessage[], except: readonly string[]): void {
    const urgent = messageList.some((m) => m.priority === ZIMMessagePriority.High);
    const window = this.windows.get(roomID);
    if (this.windowMs <= 0 || urgent || !window) {
      this.flush(roomID);
      this.sends.toRoom(roomID, [...messageList], except);
      if (this.windowMs > 0 && !urgent) this.open(roomID);
      return;
    }
    for (const message of messageList) window.held.push({ message, except });
    if (window.held.length >= MAX_HELD_MESSAGES) this.flush(roomID);
  }

  /** Sends what the room holds now (before any other push of the room). */
  flush(roomID: string | undefined): void {
    if (roomID === undefined) return;
    const window = this.windows.get(roomID);
    if (!window || window.held.length === 0) return;
    const held = window.held;
    window.held = [];
    this.deliver(roomID, held);
  }

  /** Sends everything held, in every room (before connections close). */
  flushAll(): void {
    for (const roomID of this.windows.keys()) this.flush(roomID);
  }

  /** The room has nobody here any more: what it holds goes now, and its window closes. */
  drop(roomID: string): void {
    this.flush(roomID);
    this.windows.get(roomID)?.timer.cancel();
    this.windows.delete(roomID);
  }

  /** At shutdown: everything held goes now, and no timer is left. */
  close(): void {
    for (const roomID of [...this.windows.keys()]) this.drop(roomID);
  }

  /** Rooms with a window open (for tests and telemetry). */
  get openWindows(): number {
    return this.windows.size;
  }

  private open(roomID: string): void {
    const window: Window = {
      held: [],
      timer: this.clock.setTimeout(() => {
        if (this.windows.get(roomID) !== window) return;
        this.windows.delete(roomID);
        if (window.held.length === 0) return;
        this.deliver(roomID, window.held);
        this.open(roomID); // still busy: the next messages wait for a window too
      }, this.windowMs),
    };
    this.windows.set(roomID, window);
  }

  /**
   * One push with every held message to all but the excluded; each excluded session that receives
   * the room gets its own push of the messages meant for it (usually a sender: the others' messages).
   */
  private deliver(roomID: string, held: Held[]): void {
    const excluded = new Set<string>();
    for (const item of held) for (const sessionID of item.except) excluded.add(sessionID);
    this.sends.toRoom(
      roomID,
      held.map((item) => item.message),
      [...excluded],
    );
    for (const sessionID of excluded) {
      if (!this.sends.receives(sessionID, roomID)) continue;
      const mine = held.filter((item) => !item.except.includes(sessionID)).map((item) => item.message);
      if (mine.length > 0) this.sends.toSession(sessionID, roomID, mine);
    }
  }
}
