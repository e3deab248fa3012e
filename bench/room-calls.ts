/**
 * Room calls per second: `clients` real socket.io-client connections at once, each entering and
 * leaving rooms in a loop (enterRoom, then leaveRoom) for `seconds`; ten rooms shared by all, so
 * calls on one room contend as in a class. Runs in the orchestrator's process.
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { percentile } from './stats.ts';

export interface CallsResult {
  pairsPerS: number;
  callsPerS: number;
  p50: number;
  p99: number;
  errors: number;
  firstError?: string;
}

async function connect(url: string, userID: string): Promise<Socket> {
  const body = (await (await fetch(`${url}/api/token?userID=${userID}`)).json()) as { token?: string };
  const socket = io(url, {
    auth: { userID, userName: userID, token: body.token ?? '' },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await socket.timeout(20_000).emitWithAck('resumeSession', { rooms: [] });
  return socket;
}

export async function roomCalls(urls: readonly string[], clients: number, seconds: number): Promise<CallsResult> {
  const tag = randomBytes(3).toString('hex');
  const sockets = await Promise.all(
    Array.from({ length: clients }, (_, i) => connect(urls[i % urls.length] as string, `calls-${tag}-${i}`)),
  );
  const latencies: number[] = [];
  let pairs = 0;
  let errors = 0;
  let firstError: string | undefined;
  const call = async (socket: Socket, event: string, payload: unknown) => {
    const t0 = performance.now();
    const ack = (await socket.timeout(20_000).emitWithAck(event, payload)) as {
      ok: boolean;
      error?: { code: number; message: string };
    };
    latencies.push(performance.now() - t0);
    if (!ack.ok) throw new Error(`${event}: ${ack.error?.code} ${ack.error?.message}`);
  };
  const startAt = performance.now();
  const deadline = startAt + seconds * 1000;
  await Promise.all(
    sockets.map(async (socket, i) => {
      const roomID = `calls-${tag}-room-${i % 10}`;
      while (performance.now() < deadline) {
        try {
          await call(socket, 'enterRoom', { roomInfo: { roomID, roomName: 'calls' } });
          await call(socket, 'leaveRoom', { roomID });
          pairs += 1;
        } catch (error) {
          errors += 1;
          firstError ??= String((error as Error).message ?? error);
        }
      }
    }),
  );
  const elapsedS = (performance.now() - startAt) / 1000;
  for (const socket of sockets) socket.close();
  const sorted = Float64Array.from(latencies).sort();
  return {
    pairsPerS: pairs / elapsedS,
    callsPerS: latencies.length / elapsedS,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors,
    firstError,
  };
}
