/**
 * Batches roomMemberJoined / roomMemberLeft (SPEC section 4). A change in a quiet room goes out at
 * once and opens a window; changes inside the window go out together at its end, at most one
 * joined and one left event per room, each with the net change (a user who joined and left inside
 * the window is in neither). Sessions that entered during the window already got the member list
 * at entry, so each of them gets only what changed after it came.
 */
import type { ZIMUserInfo } from '../../lib/protocol/index.ts';
import type { Clock, Timer } from './clock.ts';
import type { Outbox } from './outbox.ts';

interface Change {
  seq: number;
  kind: 'join' | 'leave';
  user: ZIMUserInfo;
}

interface Window {
  /** Sequence number of the last change already sent. */
  baseSeq: number;
  changes: Change[];
  /** Sessions that entered during this window → the sequence number they entered at. */
  entered: Map<string, number>;
  timer: Timer | undefined;
}

export interface NetChange {
  joined: ZIMUserInfo[];
  left: ZIMUserInfo[];
}

/** The net membership change over the changes after `afterSeq`. */
export function netChange(changes: readonly Change[], afterSeq: number): NetChange {
  const firstKind = new Map<string, Change['kind']>();
  const last = new Map<string, Change>();
  for (const change of changes) {
    if (change.seq <= afterSeq) continue;
    const id = change.user.userID;
    if (!firstKind.has(id)) firstKind.set(id, change.kind);
    last.delete(id); // keep Map order = order of each user's latest change
    last.set(id, change);
  }
  const joined: ZIMUserInfo[] = [];
  const left: ZIMUserInfo[] = [];
  for (const [id, change] of last) {
    const wasMember = firstKind.get(id) === 'leave';
    const isMember = change.kind === 'join';
    if (!wasMember && isMember) joined.push(change.user);
    else if (wasMember && !isMember) left.push(change.user);
  }
  return { joined, left };
}

export class MemberBatcher {
  private readonly windows = new Map<string, Window>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly outbox: Outbox,
  ) {}

  /** The user's first session entered the room. */
  memberJoined(roomID: string, user: ZIMUserInfo, sessionID: string): void {
    const window = this.window(roomID);
    const seq = ++this.seq;
    window.changes.push({ seq, kind: 'join', user });
    window.entered.set(sessionID, seq);
    this.changed(roomID, window);
  }

  /** Another session of a member entered: no event, but it has its own starting point. */
  sessionEntered(roomID: string, sessionID: string): void {
    const window = this.windows.get(roomID);
    if (window?.timer) window.entered.set(sessionID, this.seq);
  }

  /** The user's last session left the room. */
  memberLeft(roomID: string, user: ZIMUserInfo): void {
    const window = this.window(roomID);
    window.changes.push({ seq: ++this.seq, kind: 'leave', user });
    this.changed(roomID, window);
  }

  /** The session left the room; it gets nothing more from it. */
  sessionLeft(roomID: string, sessionID: string): void {
    this.windows.get(roomID)?.entered.delete(sessionID);
  }

  /** The room is gone: drop what was pending. */
  dropRoom(roomID: string): void {
    this.windows.get(roomID)?.timer?.cancel();
    this.windows.delete(roomID);
  }

  dispose(): void {
    for (const window of this.windows.values()) window.timer?.cancel();
    this.windows.clear();
  }

  private window(roomID: string): Window {
    let window = this.windows.get(roomID);
    if (!window) {
      window = { baseSeq: this.seq, changes: [], entered: new Map(), timer: undefined };
      this.windows.set(roomID, window);
    }
    return window;
  }

  private changed(roomID: string, window: Window): void {
    // A quiet room: send now and open a window for what follows.
    if (!window.timer) this.flush(roomID, window);
  }

  private flush(roomID: string, window: Window): void {
    if (window.changes.length === 0) {
      this.windows.delete(roomID); // the room went quiet
      return;
    }
    const everyone = netChange(window.changes, window.baseSeq);
    const latecomers = [...window.entered.keys()];
    this.send(roomID, everyone, (event, data) => this.outbox.toRoom(roomID, event, data, latecomers));
    for (const [sessionID, enteredSeq] of window.entered) {
      const own = netChange(window.changes, enteredSeq);
      this.send(roomID, own, (event, data) => this.outbox.toSession(sessionID, event, data));
    }
    window.baseSeq = this.seq;
    window.changes = [];
    window.entered.clear();
    window.timer = this.clock.setTimeout(() => this.flush(roomID, window), this.windowMs);
  }

  private send(
    roomID: string,
    net: NetChange,
    emit: (event: 'roomMemberJoined' | 'roomMemberLeft', data: { roomID: string; memberList: ZIMUserInfo[] }) => void,
  ): void {
    if (net.joined.length > 0) emit('roomMemberJoined', { roomID, memberList: net.joined });
    if (net.left.length > 0) emit('roomMemberLeft', { roomID, memberList: net.left });
  }
}
