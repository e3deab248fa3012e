/**
 * The soak worker's clients (bench/soak-worker.ts): SoakClient, one real socket.io-client
 * connection of one user with one session, doing one random room call per step — enterRoom,
 * joinRoom, leaveRoom, switchRoom, leaveAllRoom, sendMessage, setRoomAttributes, a drop without
 * leaving (the TCP socket destroyed) and a reconnect with the same sessionID, malformed calls — and
 * keeping what it believes its session's rooms are; with the worker's tally of what happened
 * (stats) and its seeded random source (seedRandom).
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../lib/protocol/index.ts';
import { MalformedGenerator, NO_PAYLOAD, randomSource, show } from './malformed.ts';
import { emptySoakStats } from './soak-stats.ts';
import type { SoakJob, SoakStats } from './soak-worker.ts';

export const stats: SoakStats = emptySoakStats();
export const bump = (table: Record<string, number>, key: string, n = 1) => void (table[key] = (table[key] ?? 0) + n);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CALL_TIMEOUT_MS = 20_000;

export let random = Math.random;
let malformed = new MalformedGenerator(random);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

/** Seeds the random source (and the malformed calls made from it), so a run can be repeated. */
export function seedRandom(seed: number): void {
  random = randomSource(seed);
  malformed = new MalformedGenerator(random);
}

export class SoakClient {
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
