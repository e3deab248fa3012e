/**
 * npm run bench — one room, many members, senders at a fixed rate: the same workload against
 * the Convene server and against a plain Socket.IO server, each in its own child process, with
 * the members spread over client worker processes. Prints deliveries/s, latency percentiles,
 * lost / duplicated / reordered, the Convene ÷ plain ratios and a PASS/FAIL line for the aim
 * (Convene ≥ 0.9× plain deliveries/s at the same p99, nothing lost).
 *
 *   npm run bench -- [--members 1000] [--rate 50] [--senders 1] [--seconds 10] [--workers 4] [--bytes 64]
 *                    [--rounds 2] [--warmup 1] [--drain 10] [--timeout 180] [--only convene|plain] [--quick]
 *                    [--profile [/dir]] [--envelope] [--sweep 50,100,200,400]
 *   npm run bench -- --idle [--from 1000] [--to 5000] [--room-size 50]   (memory per idle connection: bench/idle.ts)
 *   npm run bench -- --nodes 2 [--calls-seconds 5] [--call-clients 50] [--calls-only]   (scale-out: see bench/nodes.ts)
 * --senders N spreads the room-wide --rate over N member connections (sender i on server i mod
 * nodes), as in a class where many talk at once; Convene then coalesces what falls into one window.
 * --sweep R1,R2,… finds the highest of those room-wide rates each server holds (bench/sweep.ts).
 * Exit code: 0 when the benchmark ran (whether or not the aim is met), 1 on a crash or timeout.
 */
import { cpus } from 'node:os';
import { killAll } from './children.ts';
import type { Target } from './ipc.ts';
import { runIdle } from './idle.ts';
import { runNodes } from './nodes.ts';
import { int, table, verdict } from './report.ts';
import { runBroadcast, type Setup } from './run.ts';
import type { RunSummary } from './stats.ts';
import { runSweep } from './sweep.ts';

// ---- options ----
function defaultTimeoutS(argv: string[], flag: (name: string, fallback: string) => string): number {
  if (argv.includes('--idle')) return 600;
  if (Number(flag('nodes', '1')) > 1) return 420;
  const rates = flag('sweep', '').split(',').filter(Boolean).length;
  const rounds = Math.max(1, Math.floor(Number(flag('rounds', '2')) || 2));
  return rates > 0 ? 60 + 60 * 2 * rates * rounds : 180;
}

function options() {
  const argv = process.argv.slice(2);
  const flag = (name: string, fallback: string): string => {
    const i = argv.indexOf(`--${name}`);
    const value = i >= 0 ? argv[i + 1] : process.env[`BENCH_${name.toUpperCase()}`];
    return value ?? fallback;
  };
  const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const num = (name: string, normal: number, quickValue = normal) => {
    const v = Number(flag(name, String(quick ? quickValue : normal)));
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
    return v;
  };
  const only = flag('only', '');
  return {
    members: Math.floor(num('members', 1000, 200)),
    rate: num('rate', 50),
    seconds: num('seconds', 10, 3),
    workers: Math.floor(num('workers', 4, 2)),
    bytes: Math.floor(num('bytes', 64)),
    rounds: Math.floor(num('rounds', 2, 1)),
    drainMs: num('drain', 10) * 1000,
    warmup: Math.max(0, Number(flag('warmup', '1')) || 0),
    /** Hard limit for the whole run: 180 s, 420 s with --nodes, 60 s per run of a --sweep (rates × rounds × 2 runs), 600 s for --idle. */
    timeoutMs: num('timeout', defaultTimeoutS(argv, flag)) * 1000,
    concurrency: Math.floor(num('concurrency', 25)),
    /** Member connections the room-wide rate is spread over (--senders N). */
    senders: Math.floor(num('senders', 1)),
    /** Directory for CPU profiles of the servers' send phase (--profile [dir]); empty: no profiling. */
    profileDir: argv.includes('--profile')
      ? /^\//.test(flag('profile', ''))
        ? flag('profile', '')
        : '/tmp/convene-bench-profiles'
      : '',
    /** Diagnostic: the plain sender relays an object shaped like Convene's receiveRoomMessage push. */
    envelope: argv.includes('--envelope'),
    targets: (only === 'convene' || only === 'plain' ? [only] : ['convene', 'plain']) as Target[],
    /** --nodes N (≥ 2): Convene on N nodes sharing a Redis against one node, and room calls/s (bench/nodes.ts). */
    nodes: Math.floor(Number(flag('nodes', '1')) || 1),
    /** Seconds of the room-calls phase of --nodes (enter + leave with 50 clients at once). */
    callsSeconds: num('calls-seconds', 5, 3),
    callClients: Math.floor(num('call-clients', 50)),
    callsOnly: argv.includes('--calls-only'),
    /** --idle: memory per idle connection, --from → --to connections in rooms of --room-size (bench/idle.ts). */
    idle: argv.includes('--idle'),
    from: Math.floor(num('from', 1000, 200)),
    to: Math.floor(num('to', 5000, 1000)),
    roomSize: Math.floor(num('room-size', 50)),
    /** --sweep R1,R2,…: room-wide rates to try, ascending (bench/sweep.ts); empty: one rate. */
    sweep: flag('sweep', '')
      .split(',')
      .filter(Boolean)
      .map((r) => {
        const rate = Number(r);
        if (!Number.isFinite(rate) || rate <= 0) throw new Error(`--sweep takes positive rates, got "${r}"`);
        return rate;
      }),
  };
}
export type Options = ReturnType<typeof options>;

const senders = (n: number) => (n === 1 ? '1 sender' : `${n} senders`);

const setupOf = (target: Target): Setup => ({
  label: target,
  protocol: target,
  servers: [{ file: target === 'convene' ? 'convene-server.ts' : 'plain-server.ts' }],
});

async function main(): Promise<void> {
  const o = options();
  const hard = setTimeout(() => {
    console.error(`\nHARD TIMEOUT after ${o.timeoutMs / 1000} s: killing child processes`);
    killAll();
    process.exit(1);
  }, o.timeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
  if (o.idle) {
    if (o.to <= o.from) throw new Error('--to must be above --from');
    await runIdle(o);
    clearTimeout(hard);
    killAll();
    return;
  }
  if (o.nodes > 1) {
    await runNodes(o);
    clearTimeout(hard);
    killAll();
    return;
  }
  console.log(
    `Room broadcast: 1 room, ${o.members} members over ${o.workers} worker processes, ${senders(o.senders)} at ${o.rate} msg/s in all for ${o.seconds} s ` +
      `(${o.bytes}-byte text${o.envelope ? ', plain relays a Convene-shaped envelope' : ''}, after ${o.warmup} s of warm-up), ${o.rounds} round(s), targets: ${o.targets.join(', ')}`,
  );
  console.log(
    `Offered load: ${int(o.rate * o.members)} deliveries/s. CPU figures are in % of one core; this machine has ${cpus().length} (max ${cpus().length * 100} %).\n`,
  );
  if (o.sweep.length > 0) {
    await runSweep(o, o.sweep, setupOf);
    clearTimeout(hard);
    killAll();
    return;
  }
  const runs: Record<string, RunSummary[]> = {};
  for (let round = 1; round <= o.rounds; round++) {
    // Alternate which server goes first: A B, B A, …
    const order = round % 2 === 1 ? o.targets : [...o.targets].reverse();
    for (const target of order) {
      (runs[target] ??= []).push(await runBroadcast(setupOf(target), o, round));
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (o.rounds > 1) {
      console.log(`\nRound ${round}:`);
      table(Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, v[v.length - 1] as RunSummary])));
    }
  }
  verdict(runs);
  clearTimeout(hard);
  killAll();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench crashed:', error);
    killAll();
    process.exit(1);
  },
);
