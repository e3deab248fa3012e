/**
 * The operations page's data: a point every CONVENE_OPS_SAMPLE_MS (5 minutes kept, so the page
 * shows the recent past as soon as it opens), this node's load, the busiest rooms and the latest
 * errors, served as one JSON snapshot.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { OpsNode, OpsSample, OpsSnapshot } from '../../lib/protocol/ops.ts';
import type { ConveneMetrics, GaugeSources } from './metrics.ts';
import type { Observer } from './observer.ts';
import type { RoomTally } from './room-tally.ts';

const WINDOW_MS = 5 * 60_000;
const ROOMS_LISTED = 100;

export interface SamplerDeps {
  nodeID: string;
  sampleMs: number;
  sources: GaugeSources;
  metrics: ConveneMetrics;
  observer: Observer;
  tally: RoomTally;
  isDraining: () => boolean;
  now: () => number;
}

interface Totals {
  at: number;
  messages: number;
  deliveries: number;
  errors: number;
}

export class OpsSampler {
  private readonly samples: OpsSample[] = [];
  private readonly keep: number;
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private loopDelayMs = 0;
  private readonly startedAt: number;
  private last: Totals | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: SamplerDeps) {
    this.keep = Math.ceil(WINDOW_MS / deps.sampleMs) + 1;
    this.startedAt = deps.now();
  }

  start(): void {
    this.loopDelay.enable();
    // A sample that cannot be taken (the Redis store away: 6000301) is skipped, never a crash.
    const tick = () => void this.sample().catch(() => undefined);
    tick();
    this.timer = setInterval(tick, this.deps.sampleMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.loopDelay.disable();
  }

  async snapshot(): Promise<OpsSnapshot> {
    const { observer, tally, now } = this.deps;
    const totals = await this.totals();
    return {
      at: now(),
      nodes: [this.node()],
      rooms: await tally.busiest(ROOMS_LISTED),
      roomCount: await this.deps.sources.rooms(),
      series: [...this.samples],
      errors: [...observer.recentErrors].reverse(),
      totals: { messages: totals.messages, deliveries: totals.deliveries, errors: totals.errors },
    };
  }

  private node(): OpsNode {
    const { sources } = this.deps;
    const memory = process.memoryUsage();
    return {
      nodeID: this.deps.nodeID,
      startedAt: this.startedAt,
      draining: this.deps.isDraining(),
      connections: sources.connections(),
      sessions: sources.sessions(),
      eventLoopDelayMs: this.loopDelayMs,
      heapUsedBytes: memory.heapUsed,
      rssBytes: memory.rss,
    };
  }

  private async totals(): Promise<Totals> {
    const { metrics, now } = this.deps;
    return {
      at: now(),
      messages: await metrics.total(metrics.messages),
      deliveries: await metrics.total(metrics.deliveries),
      errors: await metrics.total(metrics.errors),
    };
  }

  private async sample(): Promise<void> {
    const { sources } = this.deps;
    const totals = await this.totals();
    const previous = this.last;
    this.last = totals;
    // The delay histogram is in ns; a sample period's p99 says how late timers and I/O ran.
    const p99 = this.loopDelay.percentile(99);
    this.loopDelayMs = Number.isFinite(p99) ? Math.round(p99 / 1e4) / 100 : 0;
    this.loopDelay.reset();
    if (!previous) return; // the first point has nothing to measure a rate against
    const seconds = Math.max(0.001, (totals.at - previous.at) / 1000);
    const rate = (now: number, before: number) => Math.round(((now - before) / seconds) * 100) / 100;
    this.samples.push({
      at: totals.at,
      connections: sources.connections(),
      sessions: sources.sessions(),
      rooms: await sources.rooms(),
      members: sources.roomMembers(),
      messagesPerSecond: rate(totals.messages, previous.messages),
      deliveriesPerSecond: rate(totals.deliveries, previous.deliveries),
      errorsPerSecond: rate(totals.errors, previous.errors),
    });
    if (this.samples.length > this.keep) this.samples.shift();
  }
}
