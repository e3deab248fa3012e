/**
 * The soak run (bench/soak.ts): the server in its own process (so its memory and a crash show),
 * a warm-up, then `cycles` rounds of many real clients doing random room work, each ending with
 * everyone leaving and the server's state checked (bench/soak-cycle.ts). Memory is read after a
 * full GC: the V8 heap in use must come back to the baseline after every round, and RSS must not
 * climb from one round to the next.
 */
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { f } from './report.ts';
import { logTally, processFaults, settledMemory, type MemoryReading } from './server-state.ts';
import { runCycle, sumStats, type CycleResult, type SoakContext } from './soak-cycle.ts';
import type { SoakStats } from './soak-worker.ts';
import { startRedis, type TestRedis } from '../test/helpers/redis.ts';
import { freePort, startServerProcess, type ServerProcess } from '../test/helpers/server-process.ts';

export interface SoakOptions {
  /** Seconds of client work in all, shared by the cycles. */
  seconds: number;
  /** Rounds of clients-work-leave in one server (≥ 2 shows whether memory climbs per round). */
  cycles: number;
  clients: number;
  store: 'memory' | 'redis';
  workers: number;
  /** Calls per client per second. */
  rate: number;
  rooms: number;
  /** Seconds of a warm-up (all the clients, then they leave) before the baseline; 0: none. */
  warmupSeconds: number;
  graceMs: number;
  maxDestroyDelayS: number;
  /** Allowed heap after everyone left (and RSS growth from the first round to the last), relative: 0.1 is ±10 %. */
  memoryTolerance: number;
  /** Allowed RSS growth from the first round to the last, when not memoryTolerance's. */
  rssTolerance?: number;
  seed: number;
  /** A directory for heap snapshots at the baseline and after the last round; undefined: none. */
  heapSnapshotDir?: string;
  log: (line: string) => void;
}

export interface SoakReport {
  options: Omit<SoakOptions, 'log'>;
  connected: number;
  stats: SoakStats;
  cycles: Omit<CycleResult, 'stats'>[];
  /** At start, after the warm-up (the baseline), and the highest RSS during the rounds. */
  memory: { start: MemoryReading; baseline: MemoryReading; peakRss: number };
  serverCpuPct: number;
  logTally: Record<string, number>;
  exitCode: number | null;
  violations: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** With a directory given, has the server write a heap snapshot there and waits until it is written. */
async function heapSnapshot(server: ServerProcess, dir: string | undefined): Promise<void> {
  if (!dir || server.child.pid === undefined) return;
  const before = (await readdir(dir)).length;
  process.kill(server.child.pid, 'SIGWINCH');
  for (let i = 0; i < 120 && (await readdir(dir)).length === before; i++) await sleep(500);
  await sleep(3000); // the file appears before it is complete
}

export const mib = (bytes: number) => f(bytes / 2 ** 20);

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const { log } = o;
  const violations: string[] = [];
  const tokenSecret = randomBytes(32).toString('hex');
  const serverSecret = randomBytes(32).toString('hex');
  let redis: TestRedis | undefined;
  let server: ServerProcess | undefined;
  let context: SoakContext | undefined;
  try {
    if (o.store === 'redis') {
      redis = await startRedis();
      log(`redis-server pid ${redis.pid} on port ${redis.port}`);
    }
    const env: Record<string, string> = {
      CONVENE_LOG_LEVEL: 'info', // 'listening' is an info line
      CONVENE_TOKEN_SECRET: tokenSecret,
      CONVENE_SERVER_SECRET: serverSecret,
      CONVENE_DEMO_TOKENS: 'false',
      CONVENE_GRACE_PERIOD_MS: String(o.graceMs),
      CONVENE_MAX_ROOMS_PER_USER: '5',
      // All clients share one address here, where a real class comes from many: no handshake limit.
      CONVENE_HANDSHAKE_RATE: '0',
      ...(redis ? { CONVENE_REDIS_URL: redis.url, CONVENE_REDIS_TIMEOUT_MS: '10000' } : {}),
      ...(o.heapSnapshotDir ? { CONVENE_HEAP_SNAPSHOT_DIR: o.heapSnapshotDir } : {}),
    };
    server = await startServerProcess(await freePort(), env, {
      nodeArgs: ['--expose-gc', '--import', './bench/gc-on-signal.mjs'],
    });
    const srv = server;
    log(`server pid ${srv.child.pid} at ${srv.url} (${o.store} store, grace ${o.graceMs} ms)`);
    const start = await settledMemory(srv, serverSecret, 1000);
    context = {
      o,
      srv,
      tokenSecret,
      serverSecret,
      rooms: Array.from({ length: o.rooms }, (_, i) => `soak-${i}`),
      peakRss: start.rss,
    };

    // ---- warm-up: as many clients do the same work and leave, so the baseline holds what is made once at this scale (compiled code, pools) ----
    if (o.warmupSeconds > 0) {
      const warm = await runCycle(context, {
        label: 'warm-up',
        clients: o.clients,
        seconds: o.warmupSeconds,
        workers: o.workers,
        seed: o.seed + 1000,
        prefix: 'w',
      });
      violations.push(...warm.violations.map((v) => `warm-up: ${v}`));
    }
    const baseline = await settledMemory(srv, serverSecret, 2000);
    await heapSnapshot(srv, o.heapSnapshotDir);
    log(
      `memory at start: rss ${mib(start.rss)} MiB; baseline after the warm-up: rss ${mib(baseline.rss)} MiB, heap used ${mib(baseline.heapUsed)} MiB`,
    );
    context.peakRss = baseline.rss;

    // ---- the rounds ----
    const results: CycleResult[] = [];
    for (let cycle = 1; cycle <= o.cycles; cycle++) {
      const seconds = o.seconds / o.cycles;
      const label = o.cycles > 1 ? `round ${cycle}` : 'run';
      const r = await runCycle(context, {
        label,
        clients: o.clients,
        seconds,
        workers: o.workers,
        seed: o.seed + cycle,
        prefix: `s${cycle}-`,
      });
      results.push(r);
      violations.push(...r.violations.map((v) => (o.cycles > 1 ? `${label}: ${v}` : v)));
      const ratio = r.memoryAfter.heapUsed / baseline.heapUsed;
      log(
        `${label}: after everyone left, heap used ${mib(r.memoryAfter.heapUsed)} MiB (${f(ratio, 3)}× the baseline), rss ${mib(r.memoryAfter.rss)} MiB`,
      );
      if (ratio > 1 + o.memoryTolerance) {
        violations.push(
          `${label}: heap used after everyone left ${mib(r.memoryAfter.heapUsed)} MiB is more than ${o.memoryTolerance * 100} % over the baseline ${mib(baseline.heapUsed)} MiB`,
        );
      }
    }
    await heapSnapshot(srv, o.heapSnapshotDir);
    const first = results[0]!.memoryAfter.rss;
    const last = results[results.length - 1]!.memoryAfter.rss;
    const rssTolerance = o.rssTolerance ?? o.memoryTolerance;
    if (last > (1 + rssTolerance) * first) {
      violations.push(
        `RSS climbed from ${mib(first)} MiB after the first round to ${mib(last)} MiB after the last, more than ${rssTolerance * 100} %`,
      );
    }
    violations.push(...processFaults(srv));

    // ---- a clean exit ----
    const exit = srv.exited();
    srv.child.kill('SIGTERM');
    const { code } = await Promise.race([exit, sleep(15_000).then(() => ({ code: -1 }))]);
    if (code !== 0) violations.push(`the server exited with ${code} on SIGTERM`);
    const { log: _log, ...options } = o;
    return {
      options,
      connected: results.reduce((n, r) => n + r.connected, 0),
      stats: sumStats(results.map((r) => r.stats)),
      cycles: results.map(({ stats: _stats, ...rest }) => rest),
      memory: { start, baseline, peakRss: context.peakRss },
      serverCpuPct:
        results.reduce((n, r) => n + r.serverCpuPct * r.runSeconds, 0) / results.reduce((n, r) => n + r.runSeconds, 0),
      logTally: logTally(srv.lines),
      exitCode: code,
      violations,
    };
  } finally {
    await server?.stop();
    await redis?.stop();
  }
}
