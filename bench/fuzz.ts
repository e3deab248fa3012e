/**
 * npm run fuzz — malformed requests at the per-connection call-rate limit against the real server
 * (its own process), while one good pair of clients keeps talking in a room.
 *
 *   npm run fuzz -- [--count 100000] [--connections 4] [--rate 1000] [--store memory|redis] [--seed N]
 *
 * --connections raw socket.io-client connections (each a user alone in its own room) send --count
 * calls in all, each connection at --rate calls/s (the server's CONVENE_CALL_RATE is set to the
 * same), over every client event (CLIENT_EVENTS) and unknown ones, made invalid by bench/malformed.ts:
 * wrong types, missing fields, oversized strings and lists, deep nesting, huge numbers, own
 * `__proto__` keys, non-object payloads, no ack; now and then a payload over the server's buffer
 * size or a garbage packet, after which the connection comes back with the same session. Checks: no
 * call accepted, every acked call answered, the rooms, members and attributes (server API) the same
 * before and after, nobody told anything but the good pair's messages, each of those delivered
 * once and in order, the server alive with no error-level log line and exit 0 on SIGTERM.
 * Prints the figures; exit code 1 on any violation.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { CLIENT_EVENTS, type Ack } from '../lib/protocol/index.ts';
import { issueToken } from '../server/token.ts';
import { rawClient, type RawClient } from '../test/helpers/raw-client.ts';
import { startRedis, type TestRedis } from '../test/helpers/redis.ts';
import {
  cpuSeconds,
  freePort,
  rssBytes,
  startServerProcess,
  type ServerProcess,
} from '../test/helpers/server-process.ts';
import { waitUntil } from '../test/helpers/processes.ts';
import { MalformedGenerator, NO_PAYLOAD, randomSource, show, type MalformedCall } from './malformed.ts';
import { benchArgs, runCheck } from './args.ts';
import { f, int } from './report.ts';
import { gauges, logTally, processFaults, snapshot } from './server-state.ts';

export interface FuzzOptions {
  count: number;
  connections: number;
  /** Calls per second per connection (and the server's CONVENE_CALL_RATE). */
  rate: number;
  store: 'memory' | 'redis';
  seed: number;
  log: (line: string) => void;
}

export interface FuzzReport {
  options: Omit<FuzzOptions, 'log'>;
  sent: number;
  sentByKind: Record<string, number>;
  /** Malformed calls per client event (unknown events not counted here). */
  sentByEvent: Record<string, number>;
  /** The client events (CLIENT_EVENTS) that got at least one malformed call. */
  eventsCovered: string[];
  withoutAck: number;
  answersByCode: Record<string, number>;
  unanswered: number;
  accepted: string[];
  reconnects: number;
  seconds: number;
  good: { sent: number; delivered: number; lost: number; duplicated: number; reordered: number; otherPushes: string[] };
  stateBefore: string;
  stateAfter: string;
  serverCpuPct: number;
  rss: { before: number; peak: number; after: number };
  logTally: Record<string, number>;
  exitCode: number | null;
  violations: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bump = (table: Record<string, number>, key: string) => void (table[key] = (table[key] ?? 0) + 1);
/** Fewer than this many calls of a connection wait for their answers at once. */
const WINDOW = 256;

/** Sends one call; resolves with its answer (or 'no answer'); without an ack at once with undefined. */
function emit(socket: RawClient['socket'], call: MalformedCall): Promise<Ack<unknown> | 'no answer' | undefined> {
  if (!call.ack) {
    if (call.payload === NO_PAYLOAD) socket.emit(call.event);
    else socket.emit(call.event, call.payload);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const cb = (err: Error | null, ack: Ack<unknown>) => resolve(err ? 'no answer' : ack);
    const s = socket.timeout(15_000) as unknown as { emit(...args: unknown[]): void };
    if (call.payload === NO_PAYLOAD) s.emit(call.event, cb);
    else s.emit(call.event, call.payload, cb);
  });
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const { log } = o;
  const violations: string[] = [];
  const tokenSecret = randomBytes(32).toString('hex');
  const serverSecret = randomBytes(32).toString('hex');
  const random = randomSource(o.seed);
  const generator = new MalformedGenerator(random);
  let redis: TestRedis | undefined;
  let server: ServerProcess | undefined;
  const clients: RawClient[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    if (o.store === 'redis') redis = await startRedis();
    server = await startServerProcess(await freePort(), {
      CONVENE_LOG_LEVEL: 'info',
      CONVENE_TOKEN_SECRET: tokenSecret,
      CONVENE_SERVER_SECRET: serverSecret,
      CONVENE_DEMO_TOKENS: 'false',
      CONVENE_CALL_RATE: String(o.rate),
      ...(redis ? { CONVENE_REDIS_URL: redis.url, CONVENE_REDIS_TIMEOUT_MS: '10000' } : {}),
    });
    const srv = server;
    const url = srv.url;
    log(`server pid ${srv.child.pid} at ${url} (${o.store} store, CONVENE_CALL_RATE ${o.rate})`);
    const connect = async (userID: string, sessionID?: string) => {
      const c = await rawClient(url, userID, { token: issueToken(tokenSecret, userID, 3600), sessionID });
      clients.push(c);
      return c;
    };

    // ---- the good pair in R, each fuzzer alone in its own room ----
    const R = `fuzz-good-${randomBytes(3).toString('hex')}`;
    const [a, b] = [await connect('good-a'), await connect('good-b')];
    await a.ok('createRoom', {
      roomInfo: { roomID: R, roomName: 'good' },
      config: { roomAttributes: { topic: 'fuzz' } },
    });
    await b.ok('joinRoom', { roomID: R });
    const fuzzers: { userID: string; sessionID: string; room: string; client: RawClient }[] = [];
    for (let i = 0; i < o.connections; i++) {
      const userID = `fuzzer-${i}`;
      const sessionID = randomBytes(16).toString('base64url');
      const client = await connect(userID, sessionID);
      const room = `fuzz-own-${i}`;
      await client.ok('createRoom', { roomInfo: { roomID: room, roomName: 'own' } });
      fuzzers.push({ userID, sessionID, room, client });
    }
    await sleep(300); // the join pushes of the set-up are in
    const pushMark = new Map(clients.map((c) => [c, c.pushes.length]));
    const stateBefore = JSON.stringify(await snapshot(url, serverSecret));
    const gaugesBefore = await gauges(url, serverSecret);
    const rssBefore = rssBytes(srv.child.pid);
    let peak = rssBefore;
    sampler = setInterval(() => void (peak = Math.max(peak, rssBytes(srv.child.pid))), 250);

    // ---- the good pair talks throughout ----
    let fuzzing = true;
    const goodSent: Record<string, string[]> = { [a.userID]: [], [b.userID]: [] };
    const talk = async (from: RawClient) => {
      let i = 0;
      while (fuzzing) {
        const text = `${from.userID} ${i++}`;
        const answer = await from
          .call('sendMessage', { message: { type: 1, message: text }, toConversationID: R, conversationType: 1 })
          .catch(() => undefined);
        if (answer?.ok) goodSent[from.userID]!.push(text);
        else violations.push(`the good client's message "${text}" was refused: ${JSON.stringify(answer)}`);
        await sleep(150);
      }
    };
    const talking = [talk(a), talk(b)];

    // ---- the fuzz ----
    const sentByKind: Record<string, number> = {};
    const sentByEvent: Record<string, number> = {};
    const known = new Set<string>(CLIENT_EVENTS);
    const answersByCode: Record<string, number> = {};
    const accepted: string[] = [];
    let sent = 0;
    let withoutAck = 0;
    let unanswered = 0;
    let reconnects = 0;
    const cpuBefore = cpuSeconds(srv.child.pid);
    const startedAt = Date.now();
    const per = Math.ceil(o.count / o.connections);
    const fuzz = async (fz: (typeof fuzzers)[number], quota: number) => {
      let inFlight = 0;
      const waiters: (() => void)[] = [];
      const pending = new Set<Promise<unknown>>();
      const t0 = Date.now();
      for (let n = 0; n < quota; n++) {
        // Paced at the connection's rate; a window keeps the answers owed bounded.
        const due = t0 + (n * 1000) / o.rate;
        if (due > Date.now() + 2) await sleep(due - Date.now());
        while (inFlight >= WINDOW) await new Promise<void>((r) => waiters.push(r));
        if (!fz.client.socket.connected) {
          await Promise.all(pending);
          fz.client.close();
          fz.client = await connect(fz.userID, fz.sessionID); // the same session: its room is kept
          reconnects += 1;
        }
        const rare = random();
        let call: MalformedCall;
        if (rare < 0.0001) {
          // Over maxHttpBufferSize (256 kB): the server closes this connection.
          call = {
            event: 'createRoom',
            payload: { roomInfo: { roomID: 'x'.repeat(300_000) } },
            ack: true,
            kind: 'oversized',
          };
        } else if (rare < 0.0002) {
          // A packet Socket.IO's parser refuses: the server closes this connection.
          bump(sentByKind, 'garbage packet');
          sent += 1;
          (fz.client.socket.io.engine as unknown as { write(p: string): void }).write(
            random() < 0.5 ? '2garbage{' : '2["disconnect",{}]',
          );
          await sleep(20);
          continue;
        } else {
          const target = random() < 0.5 ? R : fz.room;
          call = generator.next(target, `never-${n}`);
        }
        bump(sentByKind, call.kind);
        if (known.has(call.event)) bump(sentByEvent, call.event);
        sent += 1;
        if (!call.ack) {
          withoutAck += 1;
          await emit(fz.client.socket, call);
          continue;
        }
        inFlight += 1;
        const p = emit(fz.client.socket, call).then((answer) => {
          inFlight -= 1;
          waiters.shift()?.();
          if (answer === 'no answer') {
            // A connection the server closed on purpose (buffer size) loses its calls in flight.
            if (fz.client.socket.connected) unanswered += 1;
            else bump(answersByCode, 'connection closed');
          } else if (answer && answer.ok) {
            if (accepted.length < 20)
              accepted.push(`${call.event} (${call.kind}) ${show(call.payload)} → ${show(answer.data)}`);
            else accepted.push('…');
          } else if (answer) bump(answersByCode, String(answer.error.code));
        });
        pending.add(p);
        void p.then(() => pending.delete(p));
      }
      await Promise.all(pending);
    };
    let progress: NodeJS.Timeout | undefined = setInterval(
      () => log(`${int(sent)} sent, ${f((Date.now() - startedAt) / 1000, 0)} s`),
      5000,
    );
    await Promise.all(fuzzers.map((fz, i) => fuzz(fz, Math.min(per, o.count - i * per))));
    clearInterval(progress);
    progress = undefined;
    const seconds = (Date.now() - startedAt) / 1000;
    const serverCpuPct = ((cpuSeconds(srv.child.pid) - cpuBefore) / seconds) * 100;
    fuzzing = false;
    await Promise.all(talking);
    log(
      `${int(sent)} sent in ${f(seconds)} s (${int(sent / seconds)}/s), server CPU ${f(serverCpuPct, 0)} % of a core`,
    );

    // ---- every good message delivered once, in order; nobody told anything else ----
    const received = (c: RawClient) =>
      c.pushes
        .slice(pushMark.get(c))
        .flatMap((p) =>
          p.event === 'receiveRoomMessage' && p.data.fromConversationID === R
            ? p.data.messageList.map((m) => m.message as string)
            : [],
        );
    await waitUntil(
      'the good messages delivered',
      () => received(b).length >= goodSent[a.userID]!.length && received(a).length >= goodSent[b.userID]!.length,
      10_000,
    ).catch(() => undefined);
    let lost = 0;
    let duplicated = 0;
    let reordered = 0;
    for (const [to, from] of [
      [b, a],
      [a, b],
    ] as const) {
      const got = received(to);
      const want = goodSent[from.userID]!;
      const seen = new Set(got);
      lost += want.filter((m) => !seen.has(m)).length;
      duplicated += got.length - seen.size;
      const order = got.filter((m) => want.includes(m));
      reordered += order.filter((m, i) => i > 0 && want.indexOf(m) < want.indexOf(order[i - 1]!)).length;
    }
    const otherPushes = clients.flatMap((c) =>
      c.pushes
        .slice(pushMark.get(c) ?? 0)
        .filter(
          (p) =>
            !(p.event === 'receiveRoomMessage' && p.data.fromConversationID === R) &&
            !(p.event === 'roomMemberJoined' && fuzzers.some((fz) => fz.client === c && p.data.roomID === fz.room)),
        )
        .map((p) => `${c.userID} got ${p.event} ${show(p.data)}`),
    );
    const goodSentCount = goodSent[a.userID]!.length + goodSent[b.userID]!.length;

    // ---- the state is what it was ----
    await sleep(300);
    const stateAfter = JSON.stringify(await snapshot(url, serverSecret));
    const gaugesAfter = await gauges(url, serverSecret);
    clearInterval(sampler);
    if (stateAfter !== stateBefore)
      violations.push(
        `the rooms changed:\n    before ${stateBefore.slice(0, 600)}\n    after  ${stateAfter.slice(0, 600)}`,
      );
    for (const key of ['rooms', 'roomMembers', 'sessions', 'connections'] as const) {
      if (gaugesAfter[key] !== gaugesBefore[key])
        violations.push(`gauge ${key} ${gaugesBefore[key]} before, ${gaugesAfter[key]} after`);
    }
    if (accepted.length)
      violations.push(`${accepted.length} malformed call(s) accepted:\n    ${accepted.join('\n    ')}`);
    if (unanswered) violations.push(`${unanswered} acked call(s) got no answer`);
    if (lost || duplicated || reordered)
      violations.push(
        `good messages: ${lost} lost, ${duplicated} duplicated, ${reordered} out of order (of ${goodSentCount})`,
      );
    if (otherPushes.length)
      violations.push(
        `${otherPushes.length} push(es) besides the good messages: ${otherPushes.slice(0, 5).join(' | ')}`,
      );
    if (sent < o.count) violations.push(`only ${sent} of ${o.count} sent`);
    const missed = CLIENT_EVENTS.filter((e) => !sentByEvent[e]);
    if (missed.length) violations.push(`no malformed call for ${missed.join(', ')}`);
    violations.push(...processFaults(srv));
    const rssAfter = rssBytes(srv.child.pid);

    for (const c of clients) c.close();
    const exit = srv.exited();
    srv.child.kill('SIGTERM');
    const { code } = await Promise.race([exit, sleep(15_000).then(() => ({ code: -1 }))]);
    if (code !== 0) violations.push(`the server exited with ${code} on SIGTERM`);
    return {
      options: { count: o.count, connections: o.connections, rate: o.rate, store: o.store, seed: o.seed },
      sent,
      sentByKind,
      sentByEvent,
      eventsCovered: Object.keys(sentByEvent),
      withoutAck,
      answersByCode,
      unanswered,
      accepted,
      reconnects,
      seconds,
      good: {
        sent: goodSentCount,
        delivered: received(a).length + received(b).length,
        lost,
        duplicated,
        reordered,
        otherPushes,
      },
      stateBefore,
      stateAfter,
      serverCpuPct,
      rss: { before: rssBefore, peak, after: rssAfter },
      logTally: logTally(srv.lines),
      exitCode: code,
      violations,
    };
  } finally {
    clearInterval(sampler);
    for (const c of clients) c.close();
    await server?.stop();
    await redis?.stop();
  }
}

export function printFuzz(r: FuzzReport): void {
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)}${value}`);
  const o = r.options;
  console.log(
    `\nfuzz: ${int(r.sent)} malformed requests from ${o.connections} connections at ${o.rate}/s each, ${o.store} store, seed ${o.seed}`,
  );
  row('requests sent (with ack / without)', `${int(r.sent)} (${int(r.sent - r.withoutAck)} / ${int(r.withoutAck)})`);
  row('time (s) / rate (req/s)', `${f(r.seconds)} / ${int(r.sent / r.seconds)}`);
  console.log('sent by kind');
  for (const [k, v] of Object.entries(r.sentByKind).sort((x, y) => y[1] - x[1])) row(k, int(v));
  row(
    'client events covered',
    `${r.eventsCovered.length} of ${CLIENT_EVENTS.length}: ${Object.entries(r.sentByEvent)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log('answers by error code');
  for (const [k, v] of Object.entries(r.answersByCode).sort((x, y) => y[1] - x[1])) row(k, int(v));
  row('accepted (must be 0)', int(r.accepted.length));
  row('unanswered (must be 0)', int(r.unanswered));
  row('reconnects after the server closed a connection', int(r.reconnects));
  console.log('good pair');
  row('messages sent / delivered', `${int(r.good.sent)} / ${int(r.good.delivered)}`);
  row('lost / duplicated / out of order', `${r.good.lost} / ${r.good.duplicated} / ${r.good.reordered}`);
  row('other pushes to anyone (must be 0)', int(r.good.otherPushes.length));
  console.log('server');
  row('CPU during the fuzz (% of a core)', f(r.serverCpuPct, 0));
  row(
    'RSS before / peak / after (MiB)',
    `${f(r.rss.before / 2 ** 20)} / ${f(r.rss.peak / 2 ** 20)} / ${f(r.rss.after / 2 ** 20)}`,
  );
  row('state before = after (rooms, members, attributes)', String(r.stateBefore === r.stateAfter));
  row('log lines by event', JSON.stringify(r.logTally));
  row('exit code on SIGTERM', String(r.exitCode));
  console.log(
    r.violations.length
      ? `FAIL: ${r.violations.length} violation(s)\n  - ${r.violations.join('\n  - ')}`
      : 'PASS: no violation',
  );
}

function options(): FuzzOptions {
  const args = benchArgs();
  const num = (name: string, fallback: number) => Math.floor(args.num(name, fallback));
  const store = args.store();
  return {
    count: num('count', 100_000),
    connections: num('connections', 4),
    rate: num('rate', 1000),
    store,
    seed: num('seed', Date.now() % 1_000_000),
    log: (line) => console.log(`  [fuzz] ${line}`),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCheck('fuzz', () => runFuzz(options()), printFuzz);
}
