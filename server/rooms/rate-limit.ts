import type { Clock } from './clock.ts';

/** What a limiter reads of the clock (the shared clock: no closure per limiter). */
export type Now = Pick<Clock, 'now'>;

/** A token bucket: `perSecond` tokens a second, holding at most `burst` (by default `perSecond`). */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly clock: Now,
    private readonly burst = perSecond,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether the bucket is back to full: it then remembers nothing a new one would not. */
  isFull(): boolean {
    this.refill();
    return this.tokens >= this.burst;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}

/** One bucket per key (a remote address), forgetting those that are full again. */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, RateLimiter>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly clock: Now,
    /** Keys held before idle ones are swept (each sweep is one pass over them). */
    private readonly sweepAt = 10_000,
  ) {}

  take(key: string): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.sweepAt) this.sweep();
      bucket = new RateLimiter(this.perSecond, this.clock, this.burst);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull()) this.buckets.delete(key);
  }
}

/**
 * One token of `key`'s limiter at `rate` a second, the limiter made at the key's first call:
 * a session that never sends holds none. `limiters` is a Map, or a WeakMap keyed by session.
 */
export function takeToken<K>(
  limiters: { get(key: K): RateLimiter | undefined; set(key: K, value: RateLimiter): unknown },
  key: K,
  rate: number,
  clock: Now,
): boolean {
  let limiter = limiters.get(key);
  if (!limiter) limiters.set(key, (limiter = new RateLimiter(rate, clock)));
  return limiter.take();
}
