/**
 * Delivery of signed webhook POSTs (SPEC 12): one at a time, in order, retried with exponential
 * backoff a bounded number of times. The queue has a cap; when the receiver is down long enough
 * to fill it, the oldest waiting event is dropped (and counted). Enqueueing never waits, so no
 * room call is held up by a slow or dead receiver.
 */
import { createHmac } from 'node:crypto';
import type { Clock, Timer } from '../rooms/clock.ts';

export interface WebhookSettings {
  url: string;
  /** HMAC-SHA256 key of the `X-Convene-Signature` header. */
  secret: string;
  /** Attempts per event beyond the first. */
  retries: number;
  /** Wait before the first retry, doubled for each next one (at most a minute). */
  backoffMs: number;
  /** Events waiting at most; beyond it the oldest waiting one is dropped. */
  queueSize: number;
  /** How long one POST may take before it counts as failed. */
  timeoutMs: number;
}

export interface WebhookStats {
  delivered: number;
  /** Given up after every retry failed. */
  failed: number;
  /** Dropped unsent because the queue was full. */
  dropped: number;
  /** Waiting or being sent now. */
  queued: number;
}

interface Pending {
  body: string;
  attempts: number;
}

const MAX_BACKOFF_MS = 60_000;

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookQueue {
  private readonly pending: Pending[] = [];
  private sending: Pending | undefined;
  private timer: Timer | undefined;
  private stopped = false;
  private readonly counts = { delivered: 0, failed: 0, dropped: 0 };

  constructor(
    private readonly settings: WebhookSettings,
    private readonly clock: Clock,
  ) {}

  /** Queues one event's JSON body; returns at once. */
  enqueue(body: string): void {
    if (this.stopped) return;
    this.pending.push({ body, attempts: 0 });
    while (this.pending.length + (this.sending ? 1 : 0) > this.settings.queueSize && this.pending.length > 0) {
      this.pending.shift();
      this.counts.dropped += 1;
    }
    if (!this.sending && !this.timer) this.next();
  }

  stats(): WebhookStats {
    return { ...this.counts, queued: this.pending.length + (this.sending ? 1 : 0) };
  }

  /** Stops sending; what is queued is dropped. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.pending.length = 0;
  }

  private next(): void {
    const item = this.pending.shift();
    if (!item || this.stopped) return;
    this.sending = item;
    void this.post(item).then((ok) => {
      this.sending = undefined;
      if (this.stopped) return;
      if (ok) this.counts.delivered += 1;
      else if (item.attempts > this.settings.retries) this.counts.failed += 1;
      else {
        // Back at the head: the order of events holds while the receiver recovers.
        this.pending.unshift(item);
        const delay = Math.min(MAX_BACKOFF_MS, this.settings.backoffMs * 2 ** (item.attempts - 1));
        this.timer = this.clock.setTimeout(() => {
          this.timer = undefined;
          this.next();
        }, delay);
        return;
      }
      this.next();
    });
  }

  /** One POST; true on a 2xx answer. Network failures and timeouts are false, never thrown. */
  private async post(item: Pending): Promise<boolean> {
    item.attempts += 1;
    try {
      const response = await fetch(this.settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-convene-signature': signature(item.body, this.settings.secret),
        },
        body: item.body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok;
    } catch {
      return false;
    }
  }
}
