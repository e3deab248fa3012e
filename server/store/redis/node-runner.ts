/**
 * A node's life in the Redis store: the epoch, its lease (renewed every third of its length;
 * the same call sweeps nodes whose lease ran out), the due timers (batching windows, destroy
 * delays, grace periods: any node runs a due one), and the subscriber that feeds room events.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { inBackground } from '../../rooms/context.ts';
import { reportFault } from '../../rooms/faults.ts';
import type { RoomFact, StoreHooks, StoreSettings } from '../types.ts';
import { decode, decodeEvent } from './codec.ts';
import { roomPrefix, runScript, type ScriptAnswer } from './scripts.ts';

/**
 * The bounds of a room's event log as its scripts take them ("count:bytes:ttlMs"). The log goes
 * after a quiet spell longer than any reader can need it: a session resumes within the grace
 * period, and a node whose subscription lapsed longer than its lease is swept.
 */
export function eventLogLimits(settings: StoreSettings): string {
  const ttlMs = settings.gracePeriodMs + settings.nodeLeaseMs + 10_000;
  return `${settings.eventLogSize}:${settings.eventLogBytes}:${ttlMs}`;
}
/** A claimed timer whose node died runs again after this long. */
const TIMER_RETRY_MS = 5000;

export class NodeRunner {
  epoch = '';
  private registered = false;
  private timers: NodeJS.Timeout[] = [];
  private polling = false;
  private lost = false;
  private missedProbes = 0;
  private recovering: Promise<void> = Promise.resolve();
  private readonly channels = new Map<string, number>();
  private readonly logLimits: string;

  constructor(
    private readonly client: Redis,
    private readonly subscriber: Redis,
    private readonly settings: StoreSettings,
    private hooks: StoreHooks,
  ) {
    this.logLimits = eventLogLimits(settings);
  }

  async start(hooks: StoreHooks): Promise<void> {
    this.hooks = hooks;
    this.subscriber.on('message', (_channel: string, text: string) => {
      try {
        this.hooks.onEvent(decodeEvent(text));
      } catch (error) {
        reportFault('delivering a room event', error);
      }
    });
    // After a reconnect (ioredis subscribes again by itself) the gap is filled from the logs.
    this.subscriber.on('ready', () => this.hooks.onFeedRestored?.());
    await this.readEpoch();
    await this.renew();
    const every = (ms: number, fn: () => Promise<void>) => {
      const timer = setInterval(() => inBackground('store upkeep', fn()), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(Math.max(100, Math.floor(this.settings.nodeLeaseMs / 3)), async () => {
      await this.renew().catch(() => undefined);
      await this.probeFeed();
    });
    every(this.pollMs(), () => this.poll());
  }

  /** Stops renewing and polling without handing over, as a crashed or paused node does. */
  halt(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  async stop(): Promise<void> {
    this.halt();
    if (!this.registered) return;
    await runScript(
      this.client,
      'cvHandOver',
      [],
      [this.epoch, this.settings.nodeID, this.settings.gracePeriodMs],
    ).catch(() => undefined);
    this.registered = false;
  }

  /** Parses a script's answer; `epoch` and `swept` mean this node's state is gone. */
  answer<T extends ScriptAnswer>(text: string): T {
    const parsed = decode<T>(text);
    if (parsed.ok === false && (parsed.failure === 'epoch' || parsed.failure === 'swept')) this.lose(parsed.failure);
    return parsed;
  }

  async watch(roomID: string): Promise<void> {
    const channel = `${roomPrefix(roomID)}ev`;
    const count = this.channels.get(channel) ?? 0;
    this.channels.set(channel, count + 1);
    if (count === 0) await this.subscriber.subscribe(channel);
  }

  async unwatch(roomID: string): Promise<void> {
    const channel = `${roomPrefix(roomID)}ev`;
    const count = (this.channels.get(channel) ?? 0) - 1;
    if (count > 0) return void this.channels.set(channel, count);
    this.channels.delete(channel);
    await this.subscriber.unsubscribe(channel).catch(() => undefined);
  }

  /**
   * A subscriber can look connected and receive nothing: one that misses two probes in a row is
   * cut (it reconnects, and the rooms catch up from their logs). One slow answer under load is not.
   */
  private async probeFeed(): Promise<void> {
    if (this.subscriber.status !== 'ready') return;
    try {
      await this.subscriber.ping();
      this.missedProbes = 0;
    } catch {
      this.missedProbes += 1;
      if (this.missedProbes >= 2) {
        this.missedProbes = 0;
        this.subscriber.disconnect(true);
      }
    }
  }

  private pollMs(): number {
    return Math.max(10, Math.min(50, Math.floor(this.settings.memberBatchWindowMs / 4) || 50));
  }

  private async readEpoch(): Promise<void> {
    const text = await runScript(this.client, 'cvEpoch', [], [randomBytes(8).toString('hex')]);
    this.epoch = decode<string>(text);
  }

  private async renew(): Promise<void> {
    const { nodeID, nodeLeaseMs, gracePeriodMs } = this.settings;
    const text = await runScript(
      this.client,
      'cvRenewAndSweep',
      [],
      [this.epoch, nodeID, nodeLeaseMs, gracePeriodMs, this.registered ? '1' : '0'],
    );
    const result = this.answer<ScriptAnswer>(text);
    if (result.ok) this.registered = true;
  }

  /**
   * This node's sessions are no longer in the store: swept while it was paused, or Redis lost
   * its data. The node tells its sessions (hooks.onLost) and starts afresh with a new lease.
   */
  private lose(reason: 'epoch' | 'swept'): void {
    if (this.lost) return;
    this.lost = true;
    this.registered = false;
    for (const channel of this.channels.keys()) void this.subscriber.unsubscribe(channel).catch(() => undefined);
    this.channels.clear();
    this.hooks.onLost(reason);
    const again = async () => {
      await this.readEpoch();
      await this.renew();
      this.lost = false;
    };
    this.recovering = again().catch(() => void (this.lost = false));
  }

  /** Resolves once the node holds a lease again after losing its state (at once when it did not). */
  recovered(): Promise<void> {
    return this.recovering;
  }

  /** Runs the due timers this node claimed. */
  private async poll(): Promise<void> {
    if (this.polling || !this.registered) return;
    this.polling = true;
    try {
      const due = decode<string[]>(await runScript(this.client, 'cvClaimTimers', [], [100, TIMER_RETRY_MS]));
      for (const member of due) await this.runTimer(member).catch(() => undefined);
    } catch {
      // Redis is away; the next poll tries again.
    } finally {
      this.polling = false;
    }
  }

  private async runTimer(member: string): Promise<void> {
    const kind = member.slice(0, 2);
    const id = member.slice(2);
    if (kind === 'b:') {
      await runScript(
        this.client,
        'cvFlush',
        [roomPrefix(id)],
        [id, this.settings.memberBatchWindowMs, this.logLimits],
      );
    } else if (kind === 'd:') {
      const result = decode<{ destroyed: boolean }>(
        await runScript(this.client, 'cvDestroyIfEmpty', [roomPrefix(id)], [id, this.logLimits]),
      );
      const facts: RoomFact[] = result.destroyed ? [{ type: 'roomDestroyed', roomID: id }] : [];
      if (facts.length > 0) this.hooks.onFacts(facts);
    } else if (kind === 'g:') {
      const text = await runScript(this.client, 'cvExpireSession', [], [this.epoch, this.settings.nodeID, id]);
      const result = this.answer<
        ScriptAnswer & { expired?: boolean; user?: { userID: string; userName: string }; rooms?: string[] }
      >(text);
      if (result.expired && result.user) {
        await this.hooks.onDue({
          type: 'session-expired',
          caller: { sessionID: id, user: { userAvatarUrl: '', userExtendedData: '', ...result.user } },
          rooms: result.rooms ?? [],
        });
      }
    }
  }
}
