/** A Clock driven by hand: timers fire only when the test advances time. */
import type { Clock, Timer } from '../../server/rooms/clock.ts';

interface Pending {
  at: number;
  order: number;
  fn: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  private time: number;
  private order = 0;
  private pending: Pending[] = [];

  /** Starts at `start` (0 unless told; a server's clock starts at the real time, as tokens' expiries are). */
  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const entry: Pending = { at: this.time + ms, order: this.order++, fn, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  /** Moves time forward, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.pending
        .filter((p) => !p.cancelled && p.at <= until)
        .sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = until;
  }

  /** When the next timer falls due, if any waits. */
  get nextAt(): number | undefined {
    let next: number | undefined;
    for (const p of this.pending) if (!p.cancelled && (next === undefined || p.at < next)) next = p.at;
    return next;
  }

  /** Timers still waiting to fire. */
  get timers(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }
}
