/**
 * One soak client worker (bench/soak.ts): `count` real socket.io-client connections, each a user
 * with one session, each doing random room calls one after another at a paced rate — enterRoom,
 * joinRoom, leaveRoom, switchRoom, leaveAllRoom, sendMessage, setRoomAttributes, a drop without
 * leaving (the TCP socket destroyed) and a reconnect with the same sessionID, malformed calls —
 * and keeping what it believes its session's rooms are. On `quiesce` it stops, and reports those
 * beliefs (compared with the server's member lists); on `leave` everyone leaves (most log out, some
 * just drop and never come back).
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../lib/protocol/index.ts';
import { issueToken } from '../server/token.ts';
import { exitWithParent } from './ipc.ts';
import { MalformedGenerator, NO_PAYLOAD, randomSource, show } from './malformed.ts';

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

const stats: SoakStats = {
  ops: {},
  errors: {},
  timeouts: 0,
  malformedAccepted: 0,
  malformedSamples: [],
  internalErrors: 0,
  deliveries: 0,
  resumedWithRooms: 0,
  resumedEmpty: 0,
  serverDisconnects: 0,
  connectFailures: 0,
};
const bump = (table: Record<string, number>, key: string, n = 1) => void (table[key] = (table[key] ?? 0) + n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CALL_TIMEOUT_MS = 20_000;

let random = Math.random;
let malformed = new MalformedGenerator(random);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

class SoakClient {
  readonly sessionID = randomBytes(16).toString('base64url');
  readonly rooms = new Set<string>();
  socket: Socket | undefined;
  /** A call went unanswered: what the session holds is unknown (left out of the comparison). */
  uncertain = false;
  closing = false;

  constructor(
    readonly job: SoakJob,
    readonly userID: string,
    private readonly token: string,
  ) {}

  async connect(): Promise<void> {
    const socket = io(this.job.url, {
      auth: { userID: this.userID, userName: this.userID, token: this.token, sessionID: this.sessionID },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: CALL_TIMEOUT_MS,
    });
    this.closing = false;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    socket.on(
      'receiveRoomMessage',
      (data: { messageList?: unknown[] }) => void (stats.deliveries += data.messageList?.length ?? 0),
    );
    socket.on('roomStateChanged', (data: { roomID: string; state: number }) => {
      bump(stats.ops, 'pushed roomStateChanged');
      if (data.state === 0) this.rooms.delete(data.roomID);
    });
    socket.on('disconnect', () => {
      if (!this.closing) stats.serverDisconnects += 1;
    });
    this.socket = socket;
    const resumed = await this.call<{ rooms: { roomInfo: { baseInfo: { roomID: string } } }[] }>('resumeSession', {
      rooms: [...this.rooms].map((roomID) => ({ roomID })),
    });
    if (resumed.ok) {
      const had = this.rooms.size;
      this.rooms.clear();
      for (const r of resumed.data.rooms) this.rooms.add(r.roomInfo.baseInfo.roomID);
      if (had > 0) {
        if (this.rooms.size > 0) stats.resumedWithRooms += 1;
        else stats.resumedEmpty += 1;
      }
    } else throw new Error(`resumeSession: ${resumed.error.code} ${resumed.error.message}`);
  }

  /** One call and its answer; an error answer is tallied here. */
  async call<T = unknown>(
    event: string,
    payload: unknown,
    ack = true,
  ): Promise<Ack<T> | { ok: false; error: { code: number; message: string }; timedOut: true }> {
    const socket = this.socket as Socket;
    if (!ack) {
      socket.emit(event, payload);
      return { ok: true, data: undefined as T };
    }
    try {
      const answer =
        payload === NO_PAYLOAD
          ? ((await socket.timeout(CALL_TIMEOUT_MS).emitWithAck(event)) as Ack<T>)
          : ((await socket.timeout(CALL_TIMEOUT_MS).emitWithAck(event, payload)) as Ack<T>);
      if (!answer.ok) {
        bump(stats.errors, `${event.length > 40 ? `${event.slice(0, 40)}…` : event || '""'} ${answer.error.code}`);
        if (answer.error.message === 'Internal server error') stats.internalErrors += 1;
      }
      return answer;
    } catch {
      stats.timeouts += 1;
      this.uncertain = true;
      return { ok: false, error: { code: -1, message: 'no answer' }, timedOut: true };
    }
  }

  /** The socket closed under the server's feet: no disconnect packet, no close frame. */
  drop(): void {
    const socket = this.socket;
    if (!socket) return;
    this.closing = true;
    const raw = (socket.io.engine as unknown as { transport?: { ws?: { _socket?: { destroy(): void } } } }).transport
      ?.ws?._socket;
    if (raw) raw.destroy();
    else socket.io.engine.close();
    socket.removeAllListeners();
    socket.close();
    this.socket = undefined;
  }

  close(): void {
    this.closing = true;
    this.socket?.close();
    this.socket = undefined;
  }

  private mine(): string | undefined {
    return this.rooms.size ? pick([...this.rooms]) : undefined;
  }

  /** One random step. */
  async step(): Promise<void> {
    const job = this.job;
    const roll = random() * 100;
    const config = { roomDestroyDelayTime: Math.floor(random() * (job.maxDestroyDelayS + 1)) };
    const op = (name: string) => bump(stats.ops, name);
    if (roll < 17) {
      op('enterRoom');
      const roomID = pick(job.rooms);
      const a = await this.call('enterRoom', { roomInfo: { roomID, roomName: roomID }, config });
      if (a.ok) this.rooms.add(roomID);
    } else if (roll < 29) {
      op('joinRoom');
      const roomID = pick(job.rooms);
      const a = await this.call('joinRoom', { roomID });
      if (a.ok) this.rooms.add(roomID);
    } else if (roll < 39) {
      op('leaveRoom');
      const roomID = (random() < 0.85 && this.mine()) || pick(job.rooms);
      const a = await this.call('leaveRoom', { roomID });
      if (a.ok) this.rooms.delete(roomID);
    } else if (roll < 47) {
      op('switchRoom');
      const from = this.mine() ?? pick(job.rooms);
      const to = pick(job.rooms);
      const a = await this.call('switchRoom', {
        fromRoomID: from,
        toRoomInfo: { roomID: to, roomName: to },
        isCreateWhenRoomNotExisted: random() < 0.7,
        config,
      });
      if (a.ok) {
        this.rooms.delete(from);
        this.rooms.add(to);
      }
    } else if (roll < 51) {
      op('leaveAllRoom');
      const a = await this.call<{ roomIDs: string[] }>('leaveAllRoom', {});
      if (a.ok) this.rooms.clear();
    } else if (roll < 75) {
      op('sendMessage');
      const roomID = (random() < 0.95 && this.mine()) || pick(job.rooms);
      await this.call('sendMessage', {
        message: { type: 1, message: `soak ${Date.now()}` },
        toConversationID: roomID,
        conversationType: 1,
      });
    } else if (roll < 85) {
      op('setRoomAttributes');
      const roomID = (random() < 0.95 && this.mine()) || pick(job.rooms);
      await this.call('setRoomAttributes', {
        roomID,
        roomAttributes: { [`k${Math.floor(random() * 5)}`]: `v${Math.floor(random() * 1000)}` },
        config: { isForce: random() < 0.3 },
      });
    } else if (roll < 90) {
      op('drop');
      this.drop();
      await sleep(random() * 1.5 * job.graceMs);
      op('reconnect');
      await this.connect();
    } else {
      op('malformed');
      const call = malformed.next(this.mine() ?? pick(job.rooms), `never-${randomBytes(4).toString('hex')}`, false);
      const a = await this.call(call.event, call.payload, call.ack);
      if (a.ok) {
        stats.malformedAccepted += 1;
        if (stats.malformedSamples.length < 5)
          stats.malformedSamples.push(`${call.event} ${call.kind} ${show(call.payload)}`);
      }
      // A payload over the server's buffer size ends this connection: back with the same session.
      if (!this.socket?.connected) {
        this.close();
        await this.connect();
      }
    }
  }
}

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
  random = randomSource(job.seed);
  malformed = new MalformedGenerator(random);
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
