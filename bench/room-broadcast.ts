/**
 * npm run bench — one room, many members, one sender at a fixed rate: the same workload against
 * the Convene server and against a plain Socket.IO server, each in its own child process, with
 * the members spread over client worker processes. Prints deliveries/s, latency percentiles,
 * lost / duplicated / reordered, the Convene ÷ plain ratios and a PASS/FAIL line for the aim
 * (Convene ≥ 0.9× plain deliveries/s at the same p99, nothing lost).
 *
 *   npm run bench -- [--members 1000] [--rate 50] [--seconds 10] [--workers 4] [--bytes 64]
 *                    [--rounds 2] [--warmup 1] [--drain 10] [--timeout 180] [--only convene|plain] [--quick]
 *                    [--profile [/dir]] [--envelope]
 * Exit code: 0 when the benchmark ran (whether or not the aim is met), 1 on a crash or timeout.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { control, killAll, machineBusyUs, next, selfCpuUs, serverCpuUs, start, stop } from './children.ts';
import { wallNow, type FromServer, type FromWorker, type Target, type WorkerStats } from './ipc.ts';
import { int, table, verdict } from './report.ts';
import { connectSender, sendPhase, takeSendError, type Sender } from './sender.ts';
import { summarize, type RunSummary } from './stats.ts';

// ---- options ----
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
    timeoutMs: num('timeout', 180) * 1000,
    concurrency: Math.floor(num('concurrency', 25)),
    /** Directory for CPU profiles of the servers' send phase (--profile [dir]); empty: no profiling. */
    profileDir: argv.includes('--profile') ? (/^\//.test(flag('profile', '')) ? flag('profile', '') : '/tmp/convene-bench-profiles') : '',
    /** Diagnostic: the plain sender relays an object shaped like Convene's receiveRoomMessage push. */
    envelope: argv.includes('--envelope'),
    targets: (only === 'convene' || only === 'plain' ? [only] : ['convene', 'plain']) as Target[],
  };
}
type Options = ReturnType<typeof options>;

// ---- one run against one server ----
async function run(target: Target, o: Options, round: number): Promise<RunSummary> {
  const log = (text: string) => console.log(`  [${target} r${round}] ${text}`);
  const file = target === 'convene' ? 'convene-server.ts' : 'plain-server.ts';
  const big = '1000000';
  const server = start(file, {
    CONVENE_MESSAGE_RATE: big,
    CONVENE_PRIORITY_MESSAGE_RATE: big,
    CONVENE_CALL_RATE: big,
    CONVENE_MAX_MEMBERS_PER_ROOM: String(Math.max(6000, o.members + 10)),
    CONVENE_TOKEN_SECRET: randomBytes(32).toString('hex'),
    CONVENE_DEMO_TOKENS: 'true',
    BENCH_PROFILE_DIR: o.profileDir,
  });
  const workers: ChildProcess[] = [];
  let sender: Sender | undefined;
  try {
    const { url } = await next<Extract<FromServer, { kind: 'listening' }>>(server, 'listening', 30_000, `${target} server`);
    log(`server pid ${server.pid} at ${url}`);
    const roomID = `bench-${randomBytes(4).toString('hex')}`;
    sender = await connectSender(target, url, roomID, o.envelope);
    const total = Math.round(o.rate * o.seconds);
    const joinStart = Date.now();
    const per = Math.ceil(o.members / o.workers);
    for (let w = 0; w < o.workers; w++) {
      const count = Math.min(per, o.members - w * per);
      if (count <= 0) break;
      const worker = start('client-worker.ts');
      workers.push(worker);
      worker.send({
        kind: 'job',
        job: { target, url, roomID, userPrefix: `u${w}-`, count, concurrency: o.concurrency, maxMessages: total },
      });
    }
    const ready = await Promise.all(
      workers.map((w, i) => next<Extract<FromWorker, { kind: 'ready' }>>(w, 'ready', 120_000, `worker ${i} joining`)),
    );
    const connected = ready.reduce((n, r) => n + r.connected, 0);
    const failed = ready.reduce((n, r) => n + r.failed, 0);
    log(`${connected} members joined in ${((Date.now() - joinStart) / 1000).toFixed(1)} s${failed ? `, ${failed} failed (${ready.find((r) => r.firstError)?.firstError})` : ''}`);
    await new Promise((r) => setTimeout(r, 1000)); // let join pushes settle
    // Warm-up (not measured): the same traffic for a moment, so neither side is measured cold (JIT).
    const warm = Math.round(o.rate * o.warmup);
    if (warm > 0) {
      await sendPhase(sender, o, warm, true);
      const warmError = takeSendError();
      if (warmError) log(`warm-up send failed: ${warmError}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    if (o.profileDir) await control(server, 'profile', { kind: 'profile', action: 'start' });
    const cpuBefore = await serverCpuUs(server);
    const machineBefore = machineBusyUs();
    const selfBefore = selfCpuUs();
    for (const w of workers) w.send({ kind: 'mark' });
    log(`load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} before sending`);
    const startAt = wallNow();
    const results = await sendPhase(sender, o, total);
    const accepted = results.filter(Boolean).length;
    const sendError = takeSendError();
    log(`sent ${total} in ${((wallNow() - startAt) / 1000).toFixed(1)} s, ${accepted} acknowledged${sendError ? ` (first error: ${sendError})` : ''}`);
    const stats = await Promise.all(
      workers.map((w, i) => {
        const reply = next<Extract<FromWorker, { kind: 'stats' }>>(w, 'stats', o.drainMs + 20_000, `worker ${i} stats`);
        w.send({ kind: 'finish', expected: accepted, drainMs: o.drainMs });
        return reply.then((m): WorkerStats => m.stats);
      }),
    );
    const cpu = {
      serverUs: (await serverCpuUs(server)) - cpuBefore,
      machineBusyUs: machineBusyUs() - machineBefore,
      selfUs: selfCpuUs() - selfBefore,
    };
    if (o.profileDir) {
      const { file } = await control<Extract<FromServer, { kind: 'profile' }>>(server, 'profile', { kind: 'profile', action: 'stop' });
      log(`CPU profile of the send phase: ${file}`);
    }
    return summarize(stats, { sent: total, accepted, errors: total - accepted, startAt }, cpu);
  } finally {
    sender?.socket.close();
    await stop([...workers, server]);
    takeSendError();
  }
}

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
  console.log(
    `Room broadcast: 1 room, ${o.members} members over ${o.workers} worker processes, 1 sender at ${o.rate} msg/s for ${o.seconds} s ` +
      `(${o.bytes}-byte text${o.envelope ? ', plain relays a Convene-shaped envelope' : ''}, after ${o.warmup} s of warm-up), ${o.rounds} round(s), targets: ${o.targets.join(', ')}`,
  );
  console.log(`Offered load: ${int(o.rate * o.members)} deliveries/s. CPU figures are in % of one core; this machine has ${cpus().length} (max ${cpus().length * 100} %).\n`);
  const runs: Record<string, RunSummary[]> = {};
  for (let round = 1; round <= o.rounds; round++) {
    // Alternate which server goes first: A B, B A, …
    const order = round % 2 === 1 ? o.targets : [...o.targets].reverse();
    for (const target of order) {
      (runs[target] ??= []).push(await run(target, o, round));
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
