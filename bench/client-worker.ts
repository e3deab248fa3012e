/**
 * One client worker: opens `count` real socket.io-client websocket connections, joins them to the
 * room (Convene: token, resumeSession, joinRoom; plain: `join`), records every delivery, and on
 * `finish` waits for the stragglers (up to drainMs) and sends its stats to the parent.
 */
import { io, type Socket } from 'socket.io-client';
import {
  decodeText,
  exitWithParent,
  wallNow,
  type FromWorker,
  type ToWorker,
  type WorkerJob,
  type WorkerStats,
} from './ipc.ts';

interface Receiver {
  socket: Socket;
  seen: Uint8Array;
  distinct: number;
  /** Highest seq delivered so far, per sender. */
  last: Int32Array;
  /** Convene: the last messageID delivered (the room's one order). */
  lastID: number;
}

const receivers: Receiver[] = [];
let latencies = new Float64Array(0);
let deliveries = 0;
let pushes = 0;
let duplicated = 0;
let reordered = 0;
let unexpected = 0;
let disconnects = 0;
let firstAt = 0;
let lastAt = 0;
let closing = false;
let payloadBytes = 0;
let cpuAtReady: NodeJS.CpuUsage | undefined;

const send = (message: FromWorker, then?: () => void) => process.send?.(message, undefined, {}, () => then?.());

function deliver(r: Receiver, text: unknown, messageID?: unknown): void {
  const at = wallNow();
  const m = decodeText(text);
  if (m === 'warmup') return;
  if (!m || m.seq < 0 || m.seq >= r.seen.length) {
    unexpected += 1;
    return;
  }
  if (deliveries < latencies.length) latencies[deliveries] = at - m.sentAt;
  deliveries += 1;
  if (firstAt === 0) firstAt = at;
  lastAt = at;
  if (r.seen[m.seq]) duplicated += 1;
  else {
    r.seen[m.seq] = 1;
    r.distinct += 1;
  }
  const from = m.seq % r.last.length;
  const id = Number(messageID);
  if (m.seq < (r.last[from] as number) || (Number.isFinite(id) && id <= r.lastID)) reordered += 1;
  r.last[from] = Math.max(r.last[from] as number, m.seq);
  if (Number.isFinite(id)) r.lastID = Math.max(r.lastID, id);
}

async function token(url: string, userID: string): Promise<string> {
  const response = await fetch(`${url}/api/token?userID=${encodeURIComponent(userID)}`);
  const body = (await response.json()) as { token?: string; message?: string };
  if (!body.token) throw new Error(`no token for ${userID}: ${body.message ?? response.status}`);
  return body.token;
}

async function call(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  const ack = (await socket.timeout(20_000).emitWithAck(event, payload)) as {
    ok: boolean;
    data?: unknown;
    error?: { code: number; message: string };
  };
  if (!ack.ok) throw new Error(`${event}: ${ack.error?.code} ${ack.error?.message}`);
  return ack.data;
}

async function connectOne(job: WorkerJob, index: number): Promise<void> {
  const userID = `${job.userPrefix}${index}`;
  const auth = job.target === 'convene' ? { userID, userName: userID, token: await token(job.url, userID) } : {};
  const socket = io(job.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
  const r: Receiver = {
    socket,
    seen: new Uint8Array(job.maxMessages),
    distinct: 0,
    last: new Int32Array(Math.max(1, job.senders)).fill(-1),
    lastID: 0,
  };
  if (job.target === 'convene') {
    socket.on('receiveRoomMessage', (data: { messageList?: { message?: unknown; messageID?: unknown }[] }) => {
      if (payloadBytes === 0) payloadBytes = Buffer.byteLength(JSON.stringify(data));
      pushes += 1;
      for (const message of data.messageList ?? []) deliver(r, message.message, message.messageID);
    });
  } else {
    // A text, or (--envelope) an object shaped like Convene's push.
    socket.on('msg', (data: unknown) => {
      if (payloadBytes === 0) payloadBytes = Buffer.byteLength(JSON.stringify(data));
      pushes += 1;
      const list =
        typeof data === 'object' && data ? (data as { messageList?: { message?: unknown }[] }).messageList : undefined;
      if (list) for (const message of list) deliver(r, message.message);
      else deliver(r, data);
    });
  }
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  socket.on('disconnect', () => {
    if (!closing) disconnects += 1;
  });
  receivers.push(r);
  const roomID = job.roomSize ? `${job.roomID}-${job.userPrefix}${Math.floor(index / job.roomSize)}` : job.roomID;
  if (job.target === 'convene') {
    await call(socket, 'resumeSession', { rooms: [] });
    if (job.roomSize) await call(socket, 'enterRoom', { roomInfo: { roomID, roomName: roomID } });
    else await call(socket, 'joinRoom', { roomID });
  } else {
    await socket.timeout(20_000).emitWithAck('join', roomID);
  }
}

async function connectAll(job: WorkerJob): Promise<void> {
  latencies = new Float64Array(job.count * job.maxMessages);
  let next = 0;
  let connected = 0;
  let failed = 0;
  let firstError: string | undefined;
  const lane = async () => {
    while (next < job.count) {
      const index = next++;
      try {
        await connectOne(job, index);
        connected += 1;
      } catch (error) {
        failed += 1;
        firstError ??= String((error as Error)?.message ?? error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.count) }, lane));
  send({ kind: 'ready', connected, failed, firstError });
}

function finish(expected: number, drainMs: number): void {
  const deadline = Date.now() + drainMs;
  const check = () => {
    const done = receivers.every((r) => r.distinct >= expected);
    if (!done && Date.now() < deadline) return void setTimeout(check, 25);
    closing = true;
    const stats: WorkerStats = {
      receivers: receivers.length,
      pushes,
      deliveries,
      distinct: receivers.reduce((n, r) => n + r.distinct, 0),
      lost: receivers.reduce((n, r) => n + Math.max(0, expected - r.distinct), 0),
      duplicated,
      reordered,
      unexpected,
      disconnects,
      firstAt,
      lastAt,
      cpuUs: (({ user, system }) => user + system)(process.cpuUsage(cpuAtReady)),
      payloadBytes,
      latencies: latencies.slice(0, Math.min(deliveries, latencies.length)),
    };
    send({ kind: 'stats', stats }, () => process.exit(0));
  };
  check();
}

process.on('message', (message: ToWorker) => {
  if (message.kind === 'job') {
    connectAll(message.job).catch((error: unknown) =>
      send({ kind: 'fatal', error: String(error) }, () => process.exit(1)),
    );
  } else if (message.kind === 'mark') {
    cpuAtReady = process.cpuUsage();
  } else if (message.kind === 'finish') {
    finish(message.expected, message.drainMs);
  }
});
exitWithParent();
