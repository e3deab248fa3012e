/**
 * Many deadlines on one timer: each key runs its callback at (or just after) its own time, and
 * only the earliest is armed. A timer per session with its own length (a token's expiry) would
 * leave Node one empty timer list per distinct length, kept until that length has passed — a
 * week for a 7-day token — so a server opening sessions all day would grow by one list each.
 */
import type { Clock, Timer } from './clock.ts';

/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a later deadline is re-armed. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** One key's deadline, and its handle (a method, not a closure per deadline). */
class Deadline<K> implements Timer {
  constructor(
    private readonly owner: Deadlines<K>,
    readonly key: K,
    readonly at: number,
  ) {}

  cancel(): void {
    this.owner.cancelIf(this.key, this);
  }
}

export class Deadlines<K> {
  private readonly due = new Map<K, Deadline<K>>();
  private timer: Timer | undefined;
  private armedAt = Infinity;

  /** `onDue` runs for each key whose time has come: one function for all, none kept per key. */
  constructor(
    private readonly clock: Clock,
    private readonly onDue: (key: K) => void,
  ) {}

  /**
   * `onDue(key)` runs at `at` (clock time) unless cancelled first; replaces the key's earlier
   * deadline. The handle cancels this deadline only, not a later one set for the same key.
   */
  set(key: K, at: number): Timer {
    const entry = new Deadline(this, key, at);
    this.due.set(key, entry);
    if (at < this.armedAt) this.arm(at);
    return entry;
  }

  /** Cancels the key's deadline if it is still `entry` (not a later one set for the key). */
  cancelIf(key: K, entry: Timer): void {
    if (this.due.get(key) === entry) this.cancel(key);
  }

  cancel(key: K): void {
    this.due.delete(key);
    if (this.due.size === 0) this.disarm();
  }

  get size(): number {
    return this.due.size;
  }

  private arm(at: number): void {
    this.disarm();
    this.armedAt = at;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.min(Math.max(0, at - this.clock.now()), MAX_DELAY_MS));
  }

  private disarm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.armedAt = Infinity;
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = this.clock.now();
    const ready: K[] = [];
    let next = Infinity;
    for (const [key, entry] of this.due) {
      if (entry.at <= now) {
        this.due.delete(key);
        ready.push(key);
      } else next = Math.min(next, entry.at);
    }
    if (next < Infinity) this.arm(next);
    for (const key of ready) this.onDue(key);
  }
}
