/**
 * One round of the soak (bench/soak-run.ts): client workers connect, do random room work for a
 * while, stop; what each client believes its session holds is compared with the server API's
 * member lists (no ghost, nobody missing); then most leave and some just drop, and once the grace
 * period and the destroy delays passed, no room, session or connection may be left.
 */
import { f } from './report.ts';
import { start, stop, next } from './children.ts';
import { gauges, settledMemory, snapshot, type Gauges, type MemoryReading } from './server-state.ts';
import type { SoakOptions } from './soak-run.ts';
import { emptySoakStats } from './soak-stats.ts';
import type { FromSoakWorker, SoakJob, SoakStats, ToSoakWorker } from './soak-worker.ts';
import { waitUntil } from '../test/helpers/processes.ts';
import { cpuSeconds, rssBytes, type ServerProcess } from '../test/helpers/server-process.ts';

export interface SoakContext {
  o: SoakOptions;
  srv: ServerProcess;
  tokenSecret: string;
  serverSecret: string;
  rooms: string[];
  /** The highest server RSS seen so far (sampled during each round). */
  peakRss: number;
}

export interface CycleSpec {
  label: string;
  clients: number;
  seconds: number;
  workers: number;
  seed: number;
  /** User IDs of this round start with it, so rounds never share a user. */
  prefix: string;
}

export interface CycleResult {
  label: string;
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
  memoryAfter: MemoryReading;
  serverCpuPct: number;
  runSeconds: number;
  violations: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function sumStats(list: SoakStats[]): SoakStats {
  const total = emptySoakStats();
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

/** Client workers for `spec.clients` clients; `ask` sends each a message and waits for each one's answer. */
function spawnClients(ctx: SoakContext, spec: CycleSpec) {
  const { o } = ctx;
  const list: ReturnType<typeof start>[] = [];
  const per = Math.ceil(spec.clients / spec.workers);
  for (let w = 0; w < spec.workers && w * per < spec.clients; w++) {
    const worker = start('soak-worker.ts');
    list.push(worker);
    const job: SoakJob = {
      url: ctx.srv.url,
      tokenSecret: ctx.tokenSecret,
      userPrefix: `${spec.prefix}${w}-`,
      count: Math.min(per, spec.clients - w * per),
      rooms: ctx.rooms,
      rate: o.rate,
      graceMs: o.graceMs,
      maxDestroyDelayS: o.maxDestroyDelayS,
      dropAtEndShare: 0.2,
      seed: spec.seed * 100 + w,
    };
    worker.send({ kind: 'job', job } satisfies ToSoakWorker);
  }
  const ask = <K extends FromSoakWorker['kind']>(message: ToSoakWorker | undefined, kind: K, ms: number) =>
    Promise.all(
      list.map((w, i) => {
        const reply = next<{ kind: string }>(w, kind, ms, `soak worker ${spec.prefix}${i} (${kind})`) as Promise<
          Extract<FromSoakWorker, { kind: K }>
        >;
        if (message) w.send(message);
        return reply;
      }),
    );
  return { list, ask };
}

export async function runCycle(ctx: SoakContext, spec: CycleSpec): Promise<CycleResult> {
  const { o, srv, serverSecret } = ctx;
  const { url } = srv;
  const log = (line: string) => o.log(`${spec.label}: ${line}`);
  const violations: string[] = [];
  const clients = spawnClients(ctx, spec);
  const { ask } = clients;
  const sampler = setInterval(() => void (ctx.peakRss = Math.max(ctx.peakRss, rssBytes(srv.child.pid))), 500);
  try {
    const ready = await ask(undefined, 'ready', 180_000);
    const connected = ready.reduce((n, r) => n + r.connected, 0);
    const failed = ready.reduce((n, r) => n + r.failed, 0);
    log(
      `${connected} clients connected${failed ? `, ${failed} failed (${ready.find((r) => r.firstError)?.firstError})` : ''}`,
    );
    if (failed) violations.push(`${failed} clients could not connect`);

    // ---- the work ----
    const cpuBefore = cpuSeconds(srv.child.pid);
    const runStart = Date.now();
    for (const w of clients.list) w.send({ kind: 'run' } satisfies ToSoakWorker);
    const ticks = Math.max(1, Math.round(spec.seconds / 30));
    for (let t = 1; t <= ticks; t++) {
      await sleep((spec.seconds * 1000) / ticks);
      const g = await gauges(url, serverSecret).catch(() => undefined);
      log(
        `${f((Date.now() - runStart) / 1000, 0)} s: rss ${f(rssBytes(srv.child.pid) / 2 ** 20)} MiB, ${g ? `${g.connections} connections, ${g.rooms} rooms, ${g.roomMembers} memberships, ${g.messages} messages` : 'no metrics'}`,
      );
    }
    const quiet = await ask({ kind: 'quiesce' }, 'quiet', 120_000);
    const runSeconds = (Date.now() - runStart) / 1000;
    const serverCpuPct = ((cpuSeconds(srv.child.pid) - cpuBefore) / runSeconds) * 100;

    // ---- the quiet point: the server's members are exactly what the clients believe ----
    await sleep(o.maxDestroyDelayS * 1000 + 700); // rooms left empty during the run are destroyed by now
    const uncertain = new Set(quiet.flatMap((q) => q.uncertain));
    const believed = new Set<string>();
    for (const q of quiet)
      for (const [userID, list] of Object.entries(q.beliefs))
        if (!uncertain.has(userID)) for (const roomID of list) believed.add(`${roomID} ${userID}`);
    const state = await snapshot(url, serverSecret);
    const gaugesAtQuiet = await gauges(url, serverSecret);
    const listed = new Set<string>();
    const now = Date.now();
    for (const room of state) {
      for (const userID of room.members) if (!uncertain.has(userID)) listed.add(`${room.roomID} ${userID}`);
      if (room.memberCount !== room.members.length)
        violations.push(
          `room ${room.roomID}: memberCount ${room.memberCount} but ${room.members.length} members listed`,
        );
      if (room.members.length === 0 && !(room.destroyAt !== null && room.destroyAt > now))
        violations.push(`room ${room.roomID} has no members and no pending destroy (destroyAt ${room.destroyAt})`);
    }
    const ghosts = [...listed].filter((m) => !believed.has(m));
    const missing = [...believed].filter((m) => !listed.has(m));
    if (ghosts.length)
      violations.push(
        `${ghosts.length} ghost member(s) (server lists, client does not hold): ${ghosts.slice(0, 5).join(', ')}`,
      );
    if (missing.length)
      violations.push(
        `${missing.length} member(s) missing (client holds, server does not list): ${missing.slice(0, 5).join(', ')}`,
      );
    const membersListed = state.reduce((n, r) => n + r.members.length, 0);
    if (gaugesAtQuiet.rooms !== state.length)
      violations.push(`convene_rooms ${gaugesAtQuiet.rooms} but ${state.length} rooms listed`);
    if (o.store === 'memory' && gaugesAtQuiet.roomMembers !== membersListed)
      violations.push(`convene_room_members ${gaugesAtQuiet.roomMembers} but ${membersListed} members listed`);
    if (gaugesAtQuiet.connections !== connected)
      violations.push(
        `convene_connections ${gaugesAtQuiet.connections} at the quiet point, ${connected} clients connected`,
      );
    if (gaugesAtQuiet.sessions !== connected)
      violations.push(`convene_sessions ${gaugesAtQuiet.sessions} at the quiet point, ${connected} clients`);
    log(
      `quiet point: ${state.length} rooms, ${membersListed} members listed, ${believed.size} believed; ${ghosts.length} ghosts, ${missing.length} missing, ${uncertain.size} uncertain clients`,
    );

    // ---- everyone leaves; after the grace period and the destroy delays nothing remains ----
    const left = await ask({ kind: 'leave' }, 'left', 120_000);
    const stats = sumStats(left.map((l) => l.stats));
    const leftAt = Date.now();
    let last: { rooms: number; g: Gauges } | undefined;
    const empty = await waitUntil(
      'no room, session or connection left',
      async () => {
        const [list, g] = await Promise.all([snapshot(url, serverSecret), gauges(url, serverSecret)]);
        last = { rooms: list.length, g };
        return list.length === 0 && g.rooms === 0 && g.roomMembers === 0 && g.sessions === 0 && g.connections === 0;
      },
      o.graceMs + o.maxDestroyDelayS * 1000 + 30_000,
      250,
    ).catch(() => false);
    const emptyAfterMs = Date.now() - leftAt;
    if (!empty)
      violations.push(
        `after everyone left and ${f(emptyAfterMs / 1000)} s: ${last?.rooms} rooms listed, gauges ${JSON.stringify(last?.g)}`,
      );
    const gaugesAfter = await gauges(url, serverSecret);
    await stop(clients.list);
    const memoryAfter = await settledMemory(srv, serverSecret, 3000);
    log(`empty ${f(emptyAfterMs / 1000)} s after everyone left`);
    if (stats.malformedAccepted)
      violations.push(`${stats.malformedAccepted} malformed call(s) accepted: ${stats.malformedSamples.join(' | ')}`);
    if (stats.internalErrors) violations.push(`${stats.internalErrors} "Internal server error" answer(s)`);
    if (stats.timeouts) violations.push(`${stats.timeouts} call(s) unanswered within 20 s`);
    if (stats.connectFailures)
      violations.push(`${stats.connectFailures} failed (re)connect(s), first: ${stats.firstError}`);
    return {
      label: spec.label,
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
      memoryAfter,
      serverCpuPct,
      runSeconds,
      violations,
    };
  } finally {
    clearInterval(sampler);
    await stop(clients.list);
  }
}
