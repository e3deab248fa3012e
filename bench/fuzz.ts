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
import { CLIENT_EVENTS } from '../lib/protocol/index.ts';
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
import { MalformedGenerator, randomSource, show, type MalformedCall } from './malformed.ts';
import { runCheck } from './args.ts';
import { deliveryFaults, emit, otherPushes as listOtherPushes, receivedIn } from './fuzz-traffic.ts';
import { fuzzOptions, printFuzz, type FuzzOptions, type FuzzReport } from './fuzz-report.ts';
import { f, int } from './report.ts';
import { gauges, logTally, processFaults, snapshot } from './server-state.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bump = (table: Record<string, number>, key: string) => void (table[key] = (table[key] ?? 0) + 1);
/** Fewer than this many calls of a connection wait for their answers at once. */
const WINDOW = 256;

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
    const received = (c: RawClient) => receivedIn(c, R, pushMark);
    await waitUntil(
      'the good messages delivered',
      () => received(b).length >= goodSent[a.userID]!.length && received(a).length >= goodSent[b.userID]!.length,
      10_000,
    ).catch(() => undefined);
    const { lost, duplicated, reordered } = deliveryFaults(a, b, goodSent, received);
    const otherPushes = listOtherPushes(clients, R, pushMark, fuzzers);
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCheck('fuzz', () => runFuzz(fuzzOptions()), printFuzz);
}
