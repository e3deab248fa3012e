/**
 * One measured run of the broadcast workload against one setup: one or more server processes
 * (a single Convene or plain Socket.IO server, or several Convene nodes sharing a Redis). Sender
 * i connects to server i mod N (the first creates the room); client worker w connects to server
 * w mod N, so the members are spread evenly over the nodes.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { control, machineBusyUs, next, selfCpuUs, serverCpuUs, start, stop } from './children.ts';
import type { FromServer, FromWorker, Target, WorkerStats } from './ipc.ts';
import { wallNow } from './ipc.ts';
import { connectSenders, sendPhase, takeSendError, type Sender } from './sender.ts';
import { summarize, type RunSummary } from './stats.ts';

export interface BroadcastOptions {
  members: number;
  rate: number;
  seconds: number;
  workers: number;
  bytes: number;
  drainMs: number;
  warmup: number;
  concurrency: number;
  /** Member connections the room-wide rate is spread over (--senders). */
  senders: number;
  profileDir: string;
  envelope: boolean;
}

export interface Setup {
  /** Row name in the tables ("convene", "plain", "1 node", "2 nodes"). */
  label: string;
  /** The wire protocol workers and sender speak. */
  protocol: Target;
  /** One server process each: its script in bench/ and extra environment. */
  servers: { file: string; env?: Record<string, string> }[];
}

/** Limits raised so they do not interfere, one token secret for all servers of a setup. */
export function serverEnv(o: Pick<BroadcastOptions, 'members' | 'profileDir'>): Record<string, string> {
  const big = '1000000';
  return {
    CONVENE_MESSAGE_RATE: big,
    CONVENE_PRIORITY_MESSAGE_RATE: big,
    CONVENE_CALL_RATE: big,
    CONVENE_ROOM_CREATIONS_PER_MIN: '0',
    CONVENE_HANDSHAKE_RATE: '0',
    CONVENE_MAX_MEMBERS_PER_ROOM: String(Math.max(6000, o.members + 10)),
    CONVENE_TOKEN_SECRET: randomBytes(32).toString('hex'),
    CONVENE_DEMO_TOKENS: 'true',
    CONVENE_LOG_LEVEL: 'warn', // a line per connection would bury the figures (and cost CPU while members join)
    BENCH_PROFILE_DIR: o.profileDir,
  };
}

/** Starts the setup's servers and waits until each reports its URL. */
export async function startServers(
  setup: Setup,
  env: Record<string, string>,
): Promise<{ servers: ChildProcess[]; urls: string[] }> {
  const servers = setup.servers.map((s) => start(s.file, { ...env, ...s.env }));
  try {
    const urls = await Promise.all(
      servers.map((server, i) =>
        next<Extract<FromServer, { kind: 'listening' }>>(
          server,
          'listening',
          30_000,
          `${setup.label} server ${i}`,
        ).then((m) => m.url),
      ),
    );
    return { servers, urls };
  } catch (error) {
    await stop(servers);
    throw error;
  }
}

export async function runBroadcast(setup: Setup, o: BroadcastOptions, round: number): Promise<RunSummary> {
  const log = (text: string) => console.log(`  [${setup.label} r${round}] ${text}`);
  const { servers, urls } = await startServers(setup, serverEnv(o));
  const workers: ChildProcess[] = [];
  let sender: Sender | undefined;
  try {
    log(`server pid(s) ${servers.map((s) => s.pid).join(', ')} at ${urls.join(', ')}`);
    const roomID = `bench-${randomBytes(4).toString('hex')}`;
    sender = await connectSenders(setup.protocol, urls, roomID, o.senders, o.envelope);
    const total = Math.round(o.rate * o.seconds);
    const joinStart = Date.now();
    const per = Math.ceil(o.members / o.workers);
    for (let w = 0; w < o.workers; w++) {
      const count = Math.min(per, o.members - w * per);
      if (count <= 0) break;
      const worker = start('client-worker.ts');
      workers.push(worker);
      const url = urls[w % urls.length] as string;
      worker.send({
        kind: 'job',
        job: {
          target: setup.protocol,
          url,
          roomID,
          userPrefix: `u${w}-`,
          count,
          concurrency: o.concurrency,
          maxMessages: total,
          senders: o.senders,
        },
      });
    }
    const ready = await Promise.all(
      workers.map((w, i) => next<Extract<FromWorker, { kind: 'ready' }>>(w, 'ready', 120_000, `worker ${i} joining`)),
    );
    const connected = ready.reduce((n, r) => n + r.connected, 0);
    const failed = ready.reduce((n, r) => n + r.failed, 0);
    log(
      `${connected} members joined in ${((Date.now() - joinStart) / 1000).toFixed(1)} s${failed ? `, ${failed} failed (${ready.find((r) => r.firstError)?.firstError})` : ''}`,
    );
    await new Promise((r) => setTimeout(r, 1000)); // let join pushes settle
    // Warm-up (not measured): the same traffic for a moment, so neither side is measured cold (JIT).
    const warm = Math.round(o.rate * o.warmup);
    if (warm > 0) {
      await sendPhase(sender, o, warm, true);
      const warmError = takeSendError();
      if (warmError) log(`warm-up send failed: ${warmError}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    if (o.profileDir)
      for (const server of servers) await control(server, 'profile', { kind: 'profile', action: 'start' });
    const cpuOf = async () => (await Promise.all(servers.map(serverCpuUs))).reduce((a, b) => a + b, 0);
    const cpuBefore = await cpuOf();
    const machineBefore = machineBusyUs();
    const selfBefore = selfCpuUs();
    for (const w of workers) w.send({ kind: 'mark' });
    log(
      `load average ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')} before sending`,
    );
    const startAt = wallNow();
    const results = await sendPhase(sender, o, total);
    const accepted = results.filter(Boolean).length;
    const sendError = takeSendError();
    log(
      `sent ${total} in ${((wallNow() - startAt) / 1000).toFixed(1)} s, ${accepted} acknowledged${sendError ? ` (first error: ${sendError})` : ''}`,
    );
    const stats = await Promise.all(
      workers.map((w, i) => {
        const reply = next<Extract<FromWorker, { kind: 'stats' }>>(w, 'stats', o.drainMs + 20_000, `worker ${i} stats`);
        w.send({ kind: 'finish', expected: accepted, drainMs: o.drainMs });
        return reply.then((m): WorkerStats => m.stats);
      }),
    );
    const cpu = {
      serverUs: (await cpuOf()) - cpuBefore,
      machineBusyUs: machineBusyUs() - machineBefore,
      selfUs: selfCpuUs() - selfBefore,
    };
    if (o.profileDir) {
      for (const server of servers) {
        const { file } = await control<Extract<FromServer, { kind: 'profile' }>>(server, 'profile', {
          kind: 'profile',
          action: 'stop',
        });
        log(`CPU profile of the send phase: ${file}`);
      }
    }
    return summarize(stats, { sent: total, accepted, errors: total - accepted, startAt }, cpu);
  } finally {
    sender?.close();
    await stop([...workers, ...servers]);
    takeSendError();
  }
}
