/**
 * One soak client worker (bench/soak.ts): `count` real socket.io-client connections, each a user
 * with one session, each doing random room calls one after another at a paced rate — enterRoom,
 * joinRoom, leaveRoom, switchRoom, leaveAllRoom, sendMessage, setRoomAttributes, a drop without
 * leaving (the TCP socket destroyed) and a reconnect with the same sessionID, malformed calls —
 * and keeping what it believes its session's rooms are. On `quiesce` it stops, and reports those
 * beliefs (compared with the server's member lists); on `leave` everyone leaves (most log out, some
 * just drop and never come back). The clients themselves are in bench/soak-client.ts.
 */
import { issueToken } from '../server/token.ts';
import { exitWithParent } from './ipc.ts';
import { SoakClient, bump, random, seedRandom, sleep, stats } from './soak-client.ts';

export interface SoakJob {
  url: string;
  tokenSecret: string;
  userPrefix: string;
  count: number;
  /** The rooms the clients pick from. */
  rooms: string[];
  /** Calls per client per second (on average; the gaps are random). */
  rate: number;
  /** The server's grace period: a dropped client comes back after 0…1.5× this. */
  graceMs: number;
  /** Longest roomDestroyDelayTime the clients ask for, in seconds. */
  maxDestroyDelayS: number;
  /** Share of clients that drop instead of leaving at the end. */
  dropAtEndShare: number;
  seed: number;
}

export interface SoakStats {
  /** Calls made, by kind (drop and reconnect included). */
  ops: Record<string, number>;
  /** Answers that were errors, by `call code`. */
  errors: Record<string, number>;
  /** Calls that got no answer in time (the client's state is then unknown). */
  timeouts: number;
  /** Malformed calls the server accepted (must be 0), with the first few. */
  malformedAccepted: number;
  malformedSamples: string[];
  /** Answers "Internal server error" (must be 0). */
  internalErrors: number;
  deliveries: number;
  /** Drops whose reconnect found the rooms kept, or gone (after the grace period). */
  resumedWithRooms: number;
  resumedEmpty: number;
  /** Connections the server closed on its own. */
  serverDisconnects: number;
  connectFailures: number;
  firstError?: string;
}

export type ToSoakWorker = { kind: 'job'; job: SoakJob } | { kind: 'run' } | { kind: 'quiesce' } | { kind: 'leave' };
export type FromSoakWorker =
  | { kind: 'ready'; connected: number; failed: number; firstError?: string }
  | { kind: 'quiet'; beliefs: Record<string, string[]>; uncertain: string[]; stats: SoakStats }
  | { kind: 'left'; stats: SoakStats }
  | { kind: 'fatal'; error: string };

const clients: SoakClient[] = [];
let running = false;
let loops: Promise<void>[] = [];
const send = (message: FromSoakWorker, then?: () => void) => process.send?.(message, undefined, {}, () => then?.());

async function loop(c: SoakClient, job: SoakJob): Promise<void> {
  while (running) {
    await sleep(-Math.log(1 - random()) * (1000 / job.rate)); // exponential gaps: a Poisson process
    if (!running) break;
    try {
      if (!c.socket) await c.connect();
      await c.step();
    } catch (error) {
      stats.connectFailures += 1;
      stats.firstError ??= String((error as Error)?.message ?? error);
      c.uncertain = true;
      await sleep(500);
    }
  }
}

async function start(job: SoakJob): Promise<void> {
  seedRandom(job.seed);
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const lane = async () => {
    while (next < job.count) {
      const i = next++;
      const userID = `${job.userPrefix}${i}`;
      const c = new SoakClient(job, userID, issueToken(job.tokenSecret, userID, 6 * 3600));
      try {
        await c.connect();
        clients.push(c);
      } catch (error) {
        failed += 1;
        firstError ??= String((error as Error)?.message ?? error);
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, lane));
  send({ kind: 'ready', connected: clients.length, failed, firstError });
}

async function quiesce(): Promise<void> {
  running = false;
  await Promise.all(loops);
  // Anyone still away (a failed reconnect) comes back now, so every session is live.
  for (const c of clients) {
    if (!c.socket?.connected) {
      try {
        c.close();
        await c.connect();
      } catch {
        c.uncertain = true;
      }
    }
  }
  const beliefs: Record<string, string[]> = {};
  for (const c of clients) beliefs[c.userID] = [...c.rooms].sort();
  send({ kind: 'quiet', beliefs, uncertain: clients.filter((c) => c.uncertain).map((c) => c.userID), stats });
}

async function leave(job: SoakJob): Promise<void> {
  await Promise.all(
    clients.map(async (c) => {
      if (!c.socket) return;
      if (random() < job.dropAtEndShare) {
        bump(stats.ops, 'drop at end');
        c.drop();
        return;
      }
      bump(stats.ops, 'leaveAllRoom at end');
      await c.call('leaveAllRoom', {});
      bump(stats.ops, 'logout at end');
      c.closing = true; // the server closes the connection after a logout
      await c.call('logout', {});
      c.close();
    }),
  );
  send({ kind: 'left', stats });
}

let current: SoakJob | undefined;
process.on('message', (message: ToSoakWorker) => {
  const fail = (error: unknown) =>
    send({ kind: 'fatal', error: String((error as Error)?.stack ?? error) }, () => process.exit(1));
  if (message.kind === 'job') {
    current = message.job;
    start(message.job).catch(fail);
  } else if (message.kind === 'run') {
    running = true;
    loops = clients.map((c) => loop(c, current as SoakJob));
  } else if (message.kind === 'quiesce') {
    quiesce().catch(fail);
  } else if (message.kind === 'leave') {
    leave(current as SoakJob).catch(fail);
  }
});
exitWithParent();
