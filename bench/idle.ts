/**
 * `npm run bench -- --idle`: memory per idle connection, Convene against plain Socket.IO in one
 * run. Each server (its own process, run with --expose-gc) gets `--from` connections, then
 * `--to`; each connection is signed in and in a room of `--room-size` members (classes; plain:
 * a Socket.IO room of that size), then nothing happens. RSS and V8 heap in use are read after a
 * full GC at both points; the figure is their growth per added connection. Rounds alternate
 * which server goes first. With BENCH_SNAPSHOT_DIR set, each server also writes a V8 heap
 * snapshot at each reading there: the difference of two shows what a connection holds.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { control, next, start, stop } from './children.ts';
import type { FromServer, FromWorker, Target } from './ipc.ts';
import { f, int } from './report.ts';
import { serverEnv } from './run.ts';

export interface IdleOptions {
  from: number;
  to: number;
  roomSize: number;
  workers: number;
  concurrency: number;
  rounds: number;
  targets: Target[];
}

interface IdleRun {
  rssKiB: number;
  heapKiB: number;
  rssAt: [number, number];
  heapAt: [number, number];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (bytes: number) => bytes / 1024 / 1024;

async function memory(server: ChildProcess): Promise<Extract<FromServer, { kind: 'memory' }>> {
  await sleep(3000); // join pushes and timers settle
  return control<Extract<FromServer, { kind: 'memory' }>>(server, 'memory', { kind: 'memory' });
}

/** Opens `count` more idle connections through `workers` new client workers; resolves when all are in. */
async function open(
  target: Target,
  url: string,
  count: number,
  o: IdleOptions,
  prefix: string,
  workers: ChildProcess[],
): Promise<void> {
  const per = Math.ceil(count / o.workers);
  const batch: ChildProcess[] = [];
  for (let w = 0; w < o.workers && w * per < count; w++) {
    const worker = start('client-worker.ts');
    batch.push(worker);
    workers.push(worker);
    worker.send({
      kind: 'job',
      job: {
        target,
        url,
        roomID: 'idle',
        userPrefix: `${prefix}w${w}-`,
        count: Math.min(per, count - w * per),
        concurrency: o.concurrency,
        maxMessages: 1,
        senders: 1,
        roomSize: o.roomSize,
      },
    });
  }
  const ready = await Promise.all(
    batch.map((w, i) => next<Extract<FromWorker, { kind: 'ready' }>>(w, 'ready', 300_000, `idle worker ${i}`)),
  );
  const failed = ready.reduce((n, r) => n + r.failed, 0);
  if (failed > 0) throw new Error(`${failed} idle connections failed: ${ready.find((r) => r.firstError)?.firstError}`);
}

async function idleRun(target: Target, o: IdleOptions): Promise<IdleRun> {
  const file = target === 'convene' ? 'convene-server.ts' : 'plain-server.ts';
  const env = serverEnv({ members: o.to, profileDir: '' });
  const server = start(file, env, ['--expose-gc']);
  const workers: ChildProcess[] = [];
  try {
    const { url } = await next<Extract<FromServer, { kind: 'listening' }>>(
      server,
      'listening',
      60_000,
      `${target} server`,
    );
    const run = randomBytes(3).toString('hex');
    await open(target, url, o.from, o, `a${run}`, workers);
    const a = await memory(server);
    await open(target, url, o.to - o.from, o, `b${run}`, workers);
    const b = await memory(server);
    if (!a.gc) throw new Error(`${target} server ran without --expose-gc`);
    const added = o.to - o.from;
    const result: IdleRun = {
      rssKiB: (b.rssBytes - a.rssBytes) / 1024 / added,
      heapKiB: (b.heapUsedBytes - a.heapUsedBytes) / 1024 / added,
      rssAt: [mib(a.rssBytes), mib(b.rssBytes)],
      heapAt: [mib(a.heapUsedBytes), mib(b.heapUsedBytes)],
    };
    console.log(
      `  [${target}] RSS ${f(result.rssAt[0], 1)} → ${f(result.rssAt[1], 1)} MiB, heap ${f(result.heapAt[0], 1)} → ${f(result.heapAt[1], 1)} MiB: ` +
        `${f(result.rssKiB, 2)} KiB RSS, ${f(result.heapKiB, 2)} KiB heap per connection`,
    );
    return result;
  } finally {
    await stop([...workers, server]);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Aim of issue 10: at most this much RSS per idle connection. */
export const IDLE_RSS_AIM_KIB = 12;

export async function runIdle(o: IdleOptions): Promise<void> {
  console.log(
    `Idle connections: ${int(o.from)} → ${int(o.to)} per server, signed in, in rooms of ${o.roomSize}, ${o.workers} client workers per step, ${o.rounds} round(s); memory after a full GC\n`,
  );
  const runs: Partial<Record<Target, IdleRun[]>> = {};
  for (let round = 1; round <= o.rounds; round++) {
    for (const target of round % 2 === 1 ? o.targets : [...o.targets].reverse()) {
      (runs[target] ??= []).push(await idleRun(target, o));
    }
  }
  console.log(`\nPer added idle connection (median of ${o.rounds} round(s)):`);
  console.log(`${''.padEnd(12)}${'RSS KiB'.padStart(10)}${'heap KiB'.padStart(10)}`);
  const rss: Partial<Record<Target, number>> = {};
  for (const target of o.targets) {
    const list = runs[target] ?? [];
    const r = median(list.map((run) => run.rssKiB));
    rss[target] = r;
    console.log(`${target.padEnd(12)}${f(r, 2).padStart(10)}${f(median(list.map((r) => r.heapKiB)), 2).padStart(10)}`);
  }
  if (rss.convene !== undefined) {
    const ratio = rss.plain ? `, ${f(rss.convene / rss.plain, 2)}× plain` : '';
    console.log(
      `\n${rss.convene <= IDLE_RSS_AIM_KIB ? 'PASS' : 'FAIL'}: Convene ${f(rss.convene, 2)} KiB RSS per idle connection (aim ≤ ${IDLE_RSS_AIM_KIB})${ratio}`,
    );
  }
}
