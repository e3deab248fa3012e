/** The webhook queue's retry timing, on a clock the test drives, against a real receiver. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Timer } from '../../server/rooms/clock.ts';
import { WebhookQueue, type WebhookSettings } from '../../server/webhooks/webhook-queue.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { startReceiver, verifySignature, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

/** A FakeClock that also records the delay of every timer set. */
class RecordingClock extends FakeClock {
  readonly delays: number[] = [];
  override setTimeout(fn: () => void, ms: number): Timer {
    this.delays.push(ms);
    return super.setTimeout(fn, ms);
  }
}

let receiver: WebhookReceiver | undefined;
afterEach(async () => void (await receiver?.close()));

const settings = (url: string, over: Partial<WebhookSettings> = {}): WebhookSettings => ({
  url,
  secret: 'backoff-secret',
  retries: 5,
  backoffMs: 1000,
  queueSize: 100,
  timeoutMs: 2000,
  ...over,
});

/** Lets each scheduled retry fire once it is set; returns when `done` holds. */
async function drive(clock: RecordingClock, done: () => boolean): Promise<void> {
  while (!done()) {
    await expect.poll(() => clock.timers > 0 || done(), { timeout: 3000, interval: 5 }).toBe(true);
    if (clock.timers > 0) clock.advance(clock.delays.at(-1) ?? 0);
  }
}

describe('webhook retries', () => {
  it('wait 1×, 2×, 4× the backoff between attempts, then deliver, in order', async () => {
    receiver = await startReceiver();
    receiver.answers.push(500, 502, 503);
    const clock = new RecordingClock();
    const queue = new WebhookQueue(settings(receiver.url), clock);
    queue.enqueue('{"n":1}');
    queue.enqueue('{"n":2}');
    await drive(clock, () => queue.stats().delivered === 2);
    expect(clock.delays).toEqual([1000, 2000, 4000]);
    expect(receiver.received.map((r) => r.body)).toEqual(['{"n":1}', '{"n":1}', '{"n":1}', '{"n":1}', '{"n":2}']);
    expect(receiver.received.every((r) => verifySignature(r.body, r.signature, 'backoff-secret'))).toBe(true);
  });

  it('gives an event up after its retries and goes on with the next', async () => {
    receiver = await startReceiver();
    receiver.answers.push(500, 500, 500);
    const clock = new RecordingClock();
    const queue = new WebhookQueue(settings(receiver.url, { retries: 2, backoffMs: 10 }), clock);
    queue.enqueue('{"n":1}');
    queue.enqueue('{"n":2}');
    await drive(clock, () => queue.stats().delivered === 1);
    expect(clock.delays).toEqual([10, 20]);
    expect(queue.stats()).toEqual({ delivered: 1, failed: 1, dropped: 0, queued: 0 });
    expect(receiver.accepted()).toEqual([{ n: 2 }]);
  });
});
