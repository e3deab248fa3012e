/**
 * npm run soak — many real clients doing random room work against the real server (its own
 * process, so its RSS and a crash show), then everyone leaves and the server's state is checked.
 *
 *   npm run soak -- [--minutes 3] [--clients 500] [--store memory|redis] [--workers 2] [--rate 1]
 *                   [--rooms N] [--grace-ms 3000] [--warmup 10] [--seed N]
 *
 * Clients (spread over --workers processes) each call at --rate calls/s on average: enterRoom,
 * joinRoom, leaveRoom, switchRoom, leaveAllRoom, sendMessage, setRoomAttributes, a drop without
 * leaving (TCP socket destroyed) then a reconnect with the same sessionID after 0…1.5× the grace
 * period, and malformed calls (bench/malformed.ts). After the run the clients stop, and what each
 * believes its session holds is compared with the server API's member lists (no ghost, nobody
 * missing); then most leave (leaveAllRoom, logout) and some just drop, and once the grace period
 * and destroy delays passed: no room left, the gauges at 0, RSS back to its baseline ±10 %, the
 * server alive with no error-level log line and nothing alarming on stderr, and exit 0 on SIGTERM.
 * Prints the figures; exit code 1 on any violation.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { benchArgs, runCheck } from './args.ts';
import { start, stop, next } from './children.ts';
import { f, int } from './report.ts';
import { gauges, logTally, processFaults, snapshot, type Gauges } from './server-state.ts';
import type { FromSoakWorker, SoakJob, SoakStats, ToSoakWorker } from './soak-worker.ts';
import { startRedis, type TestRedis } from '../test/helpers/redis.ts';
import { cpuSeconds, freePort, rssBytes, startServerProcess, type ServerProcess } from '../test/helpers/server-process.ts';
import { waitUntil } from '../test/helpers/processes.ts';

export interface SoakOptions {
  seconds: number;
  clients: number;
  store: 'memory' | 'redis';
  workers: number;
  /** Calls per client per second. */
  rate: number;
  rooms: number;
  /** Seconds of a warm-up (30 clients, then they leave) before the RSS baseline; 0: none. */
  warmupSeconds: number;
  graceMs: number;
  maxDestroyDelayS: number;
  /** Allowed RSS after everyone left, relative to the baseline (0.1: ±10 %). */
  rssTolerance: number;
  seed: number;
  log: (line: string) => void;
}

export interface SoakReport {
  options: Omit<SoakOptions, 'log'>;
  connected: number;
  stats: SoakStats;
  /** Members (user in room) the server listed at the quiet point, and the clients believed. */
  membersListed: number;
  roomsListed: number;
  ghosts: string[];
  missing: string[];
  uncertainClients: number;
  gaugesAtQuiet: Gauges;
  gaugesAfter: Gauges;
  emptyAfterMs: number;
  /** At start, after the warm-up (the baseline), the highest during the run, after everyone left. */
  rss: { start: number; baseline: number; peak: number; after: number };
  serverCpuPct: number;
  logTally: Record<string, number>;
  exitCode: number | null;
  violations: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sum(list: SoakStats[]): SoakStats {
  const total: SoakStats = { ops: {}, errors: {}, timeouts: 0, malformedAccepted: 0, malformedSamples: [], internalErrors: 0, deliveries: 0, resumedWithRooms: 0, resumedEmpty: 0, serverDisconnects: 0, connectFailures: 0 };
  for (const s of list) {
    for (const [k, v] of Object.entries(s.ops)) total.ops[k] = (total.ops[k] ?? 0) + v;
    for (const [k, v] of Object.entries(s.errors)) total.errors[k] = (total.errors[k] ?? 0) + v;
    total.timeouts += s.timeouts;
    total.malformedAccepted += s.malformedAccepted;
    total.malformedSamples.push(...s.malformedSamples);
    total.internalErrors += s.internalErrors;
    total.deliveries += s.deliveries;
    total.resumedWithRooms += s.resumedWithRooms;
    total.resumedEmpty += s.resumedEmpty;
    total.serverDisconnects += s.serverDisconnects;
    total.connectFailures += s.connectFailures;
    total.firstError ??= s.firstError;
  }
  return total;
}

/** RSS after a full GC (SIGUSR2 to the preloaded bench/gc-on-signal.mjs) and a settle. */
async function settledRss(server: ServerProcess, settleMs: number): Promise<number> {
  await sleep(settleMs);
  for (let i = 0; i < 2; i++) {
    if (server.child.pid !== undefined) process.kill(server.child.pid, 'SIGUSR2');
    await sleep(500);
  }
  return rssBytes(server.child.pid);
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const { log } = o;
  const violations: string[] = [];
  const tokenSecret = randomBytes(32).toString('hex');
  const serverSecret = randomBytes(32).toString('hex');
  let redis: TestRedis | undefined;
  let server: ServerProcess | undefined;
  const workers: ReturnType<typeof start>[] = [];
  let sampler: NodeJS.Timeout | undefined;
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
    };
    server = await startServerProcess(await freePort(), env, { nodeArgs: ['--expose-gc', '--import', './bench/gc-on-signal.mjs'] });
    const srv = server;
    const url = srv.url;
    log(`server pid ${srv.child.pid} at ${url} (${o.store} store, grace ${o.graceMs} ms)`);
    const startRss = await settledRss(srv, 1000);
    const rooms = Array.from({ length: o.rooms }, (_, i) => `soak-${i}`);
    /** Client workers for `count` clients; `ask` sends each a message and waits for each one's answer. */
    const spawn = (count: number, nWorkers: number, prefix: string) => {
      const list: ReturnType<typeof start>[] = [];
      const per = Math.ceil(count / nWorkers);
      for (let w = 0; w < nWorkers && w * per < count; w++) {
        const worker = start('soak-worker.ts');
        list.push(worker);
        workers.push(worker);
        const job: SoakJob = {
          url,
          tokenSecret,
          userPrefix: `${prefix}${w}-`,
          count: Math.min(per, count - w * per),
          rooms,
          rate: o.rate,
          graceMs: o.graceMs,
          maxDestroyDelayS: o.maxDestroyDelayS,
          dropAtEndShare: 0.2,
          seed: o.seed + w + (prefix === 'w' ? 1000 : 0),
        };
        worker.send({ kind: 'job', job } satisfies ToSoakWorker);
      }
      const ask = <K extends FromSoakWorker['kind']>(message: ToSoakWorker | undefined, kind: K, ms: number) =>
        Promise.all(
          list.map((w, i) => {
            const reply = next<{ kind: string }>(w, kind, ms, `soak worker ${prefix}${i} (${kind})`) as Promise<Extract<FromSoakWorker, { kind: K }>>;
            if (message) w.send(message);
            return reply;
          }),
        );
      return { list, ask };
    };
    let last: { rooms: number; g: Gauges } | undefined;
    /** Waits until the server holds no room, session or connection; false after the grace period, the destroy delays and 30 s. */
    const untilEmpty = () =>
      waitUntil(
        'no room, session or connection left',
        async () => {
          const [list, g] = await Promise.all([snapshot(url, serverSecret), gauges(url, serverSecret)]);
          last = { rooms: list.length, g };
          return list.length === 0 && g.rooms === 0 && g.roomMembers === 0 && g.sessions === 0 && g.connections === 0;
        },
        o.graceMs + o.maxDestroyDelayS * 1000 + 30_000,
        250,
      ).catch(() => false);

    // ---- warm-up: a few clients do the same work briefly and leave, so the baseline holds what is made once (compiled code, pools) ----
    if (o.warmupSeconds > 0) {
      const warm = spawn(Math.min(30, o.clients), 1, 'w');
      await warm.ask(undefined, 'ready', 60_000);
      for (const w of warm.list) w.send({ kind: 'run' } satisfies ToSoakWorker);
      await sleep(o.warmupSeconds * 1000);
      await warm.ask({ kind: 'quiesce' }, 'quiet', 60_000);
      const warmStats = sum((await warm.ask({ kind: 'leave' }, 'left', 60_000)).map((l) => l.stats));
      if (warmStats.malformedAccepted || warmStats.internalErrors || warmStats.timeouts) {
        violations.push(`warm-up: ${warmStats.malformedAccepted} malformed accepted, ${warmStats.internalErrors} internal errors, ${warmStats.timeouts} unanswered`);
      }
      if (!(await untilEmpty())) violations.push(`after the warm-up: ${last?.rooms} rooms listed, gauges ${JSON.stringify(last?.g)}`);
      await stop(warm.list);
    }
    const baseline = await settledRss(srv, 2000);
    const heapBaseline = (await gauges(url, serverSecret)).heapUsed;
    log(`rss at start ${f(startRss / 2 ** 20)} MiB, baseline after the warm-up ${f(baseline / 2 ** 20)} MiB (heap used ${f(heapBaseline / 2 ** 20)} MiB)`);
    let peak = baseline;
    sampler = setInterval(() => void (peak = Math.max(peak, rssBytes(srv.child.pid))), 500);

    // ---- clients ----
    const main = spawn(o.clients, o.workers, 's');
    const { ask } = main;
    const ready = await ask(undefined, 'ready', 180_000);
    const connected = ready.reduce((n, r) => n + r.connected, 0);
    const failed = ready.reduce((n, r) => n + r.failed, 0);
    log(`${connected} clients connected${failed ? `, ${failed} failed (${ready.find((r) => r.firstError)?.firstError})` : ''}`);
    if (failed) violations.push(`${failed} clients could not connect`);

    // ---- the run ----
    const cpuBefore = cpuSeconds(srv.child.pid);
    const runStart = Date.now();
    for (const w of main.list) w.send({ kind: 'run' } satisfies ToSoakWorker);
    const ticks = Math.max(1, Math.round(o.seconds / 30));
    for (let t = 1; t <= ticks; t++) {
      await sleep((o.seconds * 1000) / ticks);
      const g = await gauges(url, serverSecret).catch(() => undefined);
      log(`${f((Date.now() - runStart) / 1000, 0)} s: rss ${f(rssBytes(srv.child.pid) / 2 ** 20)} MiB, ${g ? `${g.connections} connections, ${g.rooms} rooms, ${g.roomMembers} memberships, ${g.messages} messages` : 'no metrics'}`);
    }
    const quiet = await ask({ kind: 'quiesce' }, 'quiet', 120_000);
    const runSeconds = (Date.now() - runStart) / 1000;
    const serverCpuPct = ((cpuSeconds(srv.child.pid) - cpuBefore) / runSeconds) * 100;

    // ---- the quiet point: the server's members are exactly what the clients believe ----
    await sleep(o.maxDestroyDelayS * 1000 + 700); // rooms left empty during the run are destroyed by now
    const uncertain = new Set(quiet.flatMap((q) => q.uncertain));
    const believed = new Set<string>();
    for (const q of quiet) for (const [userID, list] of Object.entries(q.beliefs)) if (!uncertain.has(userID)) for (const roomID of list) believed.add(`${roomID} ${userID}`);
    const state = await snapshot(url, serverSecret);
    const gaugesAtQuiet = await gauges(url, serverSecret);
    const listed = new Set<string>();
    const now = Date.now();
    for (const room of state) {
      for (const userID of room.members) if (!uncertain.has(userID)) listed.add(`${room.roomID} ${userID}`);
      if (room.memberCount !== room.members.length) violations.push(`room ${room.roomID}: memberCount ${room.memberCount} but ${room.members.length} members listed`);
      if (room.members.length === 0 && !(room.destroyAt !== null && room.destroyAt > now)) violations.push(`room ${room.roomID} has no members and no pending destroy (destroyAt ${room.destroyAt})`);
    }
    const ghosts = [...listed].filter((m) => !believed.has(m));
    const missing = [...believed].filter((m) => !listed.has(m));
    if (ghosts.length) violations.push(`${ghosts.length} ghost member(s) (server lists, client does not hold): ${ghosts.slice(0, 5).join(', ')}`);
    if (missing.length) violations.push(`${missing.length} member(s) missing (client holds, server does not list): ${missing.slice(0, 5).join(', ')}`);
    const membersListed = state.reduce((n, r) => n + r.members.length, 0);
    if (gaugesAtQuiet.rooms !== state.length) violations.push(`convene_rooms ${gaugesAtQuiet.rooms} but ${state.length} rooms listed`);
    if (o.store === 'memory' && gaugesAtQuiet.roomMembers !== membersListed) violations.push(`convene_room_members ${gaugesAtQuiet.roomMembers} but ${membersListed} members listed`);
    if (gaugesAtQuiet.connections !== connected) violations.push(`convene_connections ${gaugesAtQuiet.connections} at the quiet point, ${connected} clients connected`);
    if (gaugesAtQuiet.sessions !== connected) violations.push(`convene_sessions ${gaugesAtQuiet.sessions} at the quiet point, ${connected} clients`);
    log(`quiet point: ${state.length} rooms, ${membersListed} members listed, ${believed.size} believed; ${ghosts.length} ghosts, ${missing.length} missing, ${uncertain.size} uncertain clients`);

    // ---- everyone leaves; after the grace period and the destroy delays nothing remains ----
    const left = await ask({ kind: 'leave' }, 'left', 120_000);
    const stats = sum(left.map((l) => l.stats));
    const leftAt = Date.now();
    if (!(await untilEmpty())) {
      violations.push(`after everyone left and ${f((Date.now() - leftAt) / 1000)} s: ${last?.rooms} rooms listed, gauges ${JSON.stringify(last?.g)}`);
    }
    const emptyAfterMs = Date.now() - leftAt;
    const gaugesAfter = await gauges(url, serverSecret);
    clearInterval(sampler);
    const after = await settledRss(srv, 3000);
    const heapAfter = (await gauges(url, serverSecret)).heapUsed;
    log(`empty ${f(emptyAfterMs / 1000)} s after everyone left; rss baseline ${f(baseline / 2 ** 20)} MiB, peak ${f(peak / 2 ** 20)} MiB, after ${f(after / 2 ** 20)} MiB`);
    log(`heap used after a full GC: baseline ${f(heapBaseline / 2 ** 20)} MiB, after ${f(heapAfter / 2 ** 20)} MiB (${f(heapAfter / heapBaseline, 3)}×)`);
    // One-sided: below the baseline is start-up memory given back, not a leak.
    if (after > (1 + o.rssTolerance) * baseline) {
      violations.push(`RSS after everyone left ${f(after / 2 ** 20)} MiB is more than ${o.rssTolerance * 100} % over the baseline ${f(baseline / 2 ** 20)} MiB`);
    }
    if (stats.malformedAccepted) violations.push(`${stats.malformedAccepted} malformed call(s) accepted: ${stats.malformedSamples.join(' | ')}`);
    if (stats.internalErrors) violations.push(`${stats.internalErrors} "Internal server error" answer(s)`);
    if (stats.timeouts) violations.push(`${stats.timeouts} call(s) unanswered within 20 s`);
    if (stats.connectFailures) violations.push(`${stats.connectFailures} failed (re)connect(s), first: ${stats.firstError}`);
    violations.push(...processFaults(srv));

    // ---- a clean exit ----
    const exit = srv.exited();
    srv.child.kill('SIGTERM');
    const { code } = await Promise.race([exit, sleep(15_000).then(() => ({ code: -1 }))]);
    if (code !== 0) violations.push(`the server exited with ${code} on SIGTERM`);
    return {
      options: { seconds: o.seconds, clients: o.clients, store: o.store, workers: o.workers, rate: o.rate, rooms: o.rooms, warmupSeconds: o.warmupSeconds, graceMs: o.graceMs, maxDestroyDelayS: o.maxDestroyDelayS, rssTolerance: o.rssTolerance, seed: o.seed },
      connected,
      stats,
      membersListed,
      roomsListed: state.length,
      ghosts,
      missing,
      uncertainClients: uncertain.size,
      gaugesAtQuiet,
      gaugesAfter,
      emptyAfterMs,
      rss: { start: startRss, baseline, peak, after },
      serverCpuPct,
      logTally: logTally(srv.lines),
      exitCode: code,
      violations,
    };
  } finally {
    clearInterval(sampler);
    await stop(workers);
    await server?.stop();
    await redis?.stop();
  }
}

export function printSoak(r: SoakReport): void {
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)}${value}`);
  const o = r.options;
  console.log(`\nsoak: ${int(r.connected)} clients, ${f(o.seconds / 60, 1)} min, ${o.store} store, ${o.rate} calls/client/s, ${o.rooms} rooms, grace ${o.graceMs} ms`);
  console.log('ops done');
  const ops = Object.entries(r.stats.ops).sort((a, b) => b[1] - a[1]);
  for (const [k, v] of ops) row(k, int(v));
  row('total', int(ops.reduce((n, [, v]) => n + v, 0)));
  row('room messages delivered', int(r.stats.deliveries));
  row('reconnects that kept their rooms / found none', `${int(r.stats.resumedWithRooms)} / ${int(r.stats.resumedEmpty)}`);
  console.log('errors answered (call code)');
  for (const [k, v] of Object.entries(r.stats.errors).sort((a, b) => b[1] - a[1]).slice(0, 40)) row(k, int(v));
  console.log('server');
  row('CPU during the run (% of a core)', f(r.serverCpuPct, 0));
  row('RSS start / baseline / peak / after (MiB)', `${f(r.rss.start / 2 ** 20)} / ${f(r.rss.baseline / 2 ** 20)} / ${f(r.rss.peak / 2 ** 20)} / ${f(r.rss.after / 2 ** 20)}`);
  row('RSS after ÷ baseline', f(r.rss.after / r.rss.baseline, 3));
  row('log lines by event', JSON.stringify(r.logTally));
  row('exit code on SIGTERM', String(r.exitCode));
  console.log('invariants');
  row('rooms / members listed at the quiet point', `${r.roomsListed} / ${r.membersListed}`);
  row('ghost members / missing members', `${r.ghosts.length} / ${r.missing.length}`);
  row('clients with an unanswered call (not compared)', String(r.uncertainClients));
  row('gauges at the quiet point', JSON.stringify({ ...r.gaugesAtQuiet, errorsByCode: undefined }));
  row('gauges after everyone left', JSON.stringify({ ...r.gaugesAfter, errorsByCode: undefined }));
  row('empty after everyone left (s)', f(r.emptyAfterMs / 1000));
  row('malformed calls accepted', String(r.stats.malformedAccepted));
  row('unanswered calls', String(r.stats.timeouts));
  row('connections the server closed', String(r.stats.serverDisconnects));
  console.log(r.violations.length ? `FAIL: ${r.violations.length} violation(s)\n  - ${r.violations.join('\n  - ')}` : 'PASS: no violation');
}

function options(): SoakOptions {
  const { flag, num, store: readStore } = benchArgs();
  const store = readStore();
  const clients = Math.floor(num('clients', 500));
  return {
    seconds: num('minutes', 3) * 60,
    clients,
    store,
    workers: Math.floor(num('workers', 2)),
    rate: num('rate', 1),
    rooms: Math.floor(num('rooms', Math.max(5, Math.round(clients / 5)))),
    warmupSeconds: Number(flag('warmup', '10')),
    graceMs: Math.floor(num('grace-ms', 3000)),
    maxDestroyDelayS: 2,
    rssTolerance: 0.1,
    seed: Math.floor(num('seed', Date.now() % 1_000_000)),
    log: (line) => console.log(`  [soak] ${line}`),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const o = options();
  console.log(`  [soak] seed ${o.seed}`);
  runCheck('soak', runSoak(o), printSoak);
}
