/** Percentiles and the summary of one run. */
import type { WorkerStats } from './ipc.ts';

/** Nearest-rank percentile of an ascending array (p in 0…100). */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export interface RunSummary {
  receivers: number;
  sent: number;
  accepted: number;
  sendErrors: number;
  /** Message pushes the receivers got (fewer than deliveries when messages are coalesced). */
  pushes: number;
  deliveries: number;
  expectedDeliveries: number;
  lost: number;
  duplicated: number;
  reordered: number;
  unexpected: number;
  disconnects: number;
  /** From the first send to the last delivery, in s. */
  durationS: number;
  deliveriesPerS: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Server process CPU over the send phase and drain, in % of one core. */
  serverCpuPct: number;
  /** Server CPU µs per delivery. */
  serverCpuUsPerDelivery: number;
  /** Client worker processes' CPU over the same time, in % of one core (all workers together). */
  workersCpuPct: number;
  /** CPU of everything else on the machine (not this benchmark) over the same time, in % of one core. */
  otherCpuPct: number;
  /** Bytes of one push's payload (JSON) that each receiver decodes. */
  payloadBytes: number;
  /** All latencies of the run, ascending. */
  sorted: Float64Array;
}

export function mergeLatencies(parts: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all.sort();
}

export function summarize(
  workers: readonly WorkerStats[],
  send: { sent: number; accepted: number; errors: number; startAt: number },
  cpu: { serverUs: number; machineBusyUs: number; selfUs: number },
): RunSummary {
  const sum = (pick: (w: WorkerStats) => number) => workers.reduce((n, w) => n + pick(w), 0);
  const sorted = mergeLatencies(workers.map((w) => w.latencies));
  const receivers = sum((w) => w.receivers);
  const deliveries = sum((w) => w.deliveries);
  const lastAt = Math.max(send.startAt, ...workers.map((w) => w.lastAt));
  const durationS = Math.max(1e-3, (lastAt - send.startAt) / 1000);
  let total = 0;
  for (const v of sorted) total += v;
  const pct = (us: number) => (us / 1e6 / durationS) * 100;
  const workersUs = sum((w) => w.cpuUs);
  return {
    receivers,
    sent: send.sent,
    accepted: send.accepted,
    sendErrors: send.errors,
    pushes: sum((w) => w.pushes),
    deliveries,
    expectedDeliveries: receivers * send.accepted,
    lost: sum((w) => w.lost),
    duplicated: sum((w) => w.duplicated),
    reordered: sum((w) => w.reordered),
    unexpected: sum((w) => w.unexpected),
    disconnects: sum((w) => w.disconnects),
    durationS,
    deliveriesPerS: deliveries / durationS,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
    mean: sorted.length ? total / sorted.length : Number.NaN,
    serverCpuPct: pct(cpu.serverUs),
    serverCpuUsPerDelivery: deliveries ? cpu.serverUs / deliveries : Number.NaN,
    workersCpuPct: pct(workersUs),
    otherCpuPct: Math.max(0, pct(cpu.machineBusyUs - cpu.serverUs - workersUs - cpu.selfUs)),
    payloadBytes: Math.max(0, ...workers.map((w) => w.payloadBytes)),
    sorted,
  };
}

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

/**
 * Several rounds of one server as one: counts summed, every rate, latency and CPU figure the median
 * of the rounds' (so one round disturbed by other work on the machine does not decide the result).
 */
export function combine(runs: readonly RunSummary[]): RunSummary {
  if (runs.length === 1 && runs[0]) return runs[0];
  const sum = (pick: (r: RunSummary) => number) => runs.reduce((n, r) => n + pick(r), 0);
  const med = (pick: (r: RunSummary) => number) => median(runs.map(pick));
  return {
    receivers: runs[0]?.receivers ?? 0,
    sent: sum((r) => r.sent),
    accepted: sum((r) => r.accepted),
    sendErrors: sum((r) => r.sendErrors),
    pushes: sum((r) => r.pushes),
    deliveries: sum((r) => r.deliveries),
    expectedDeliveries: sum((r) => r.expectedDeliveries),
    lost: sum((r) => r.lost),
    duplicated: sum((r) => r.duplicated),
    reordered: sum((r) => r.reordered),
    unexpected: sum((r) => r.unexpected),
    disconnects: sum((r) => r.disconnects),
    durationS: sum((r) => r.durationS),
    deliveriesPerS: med((r) => r.deliveriesPerS),
    p50: med((r) => r.p50),
    p95: med((r) => r.p95),
    p99: med((r) => r.p99),
    max: Math.max(...runs.map((r) => r.max)),
    mean: med((r) => r.mean),
    serverCpuPct: med((r) => r.serverCpuPct),
    serverCpuUsPerDelivery: med((r) => r.serverCpuUsPerDelivery),
    workersCpuPct: med((r) => r.workersCpuPct),
    otherCpuPct: med((r) => r.otherCpuPct),
    payloadBytes: runs[0]?.payloadBytes ?? 0,
    sorted: new Float64Array(0),
  };
}
