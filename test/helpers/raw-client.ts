/**
 * A protocol-level client: a real socket.io-client connection speaking the wire contract directly,
 * recording every push it receives. For tests of what the server itself does.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientEventName, ServerEventName } from '../../lib/protocol/index.ts';
import { demoToken } from './demo-token.ts';

export interface Push {
  event: ServerEventName;
  data: any;
}

export interface RawClient {
  userID: string;
  socket: Socket;
  pushes: Push[];
  /** Sends a call and resolves with its acknowledgement. */
  call<T = any>(event: ClientEventName | string, payload?: unknown): Promise<Ack<T>>;
  /** Resolves with the data of a call that must succeed. */
  ok<T = any>(event: ClientEventName | string, payload?: unknown): Promise<T>;
  /** Waits for a push matching `match` (counting from `from`), or fails after `timeoutMs`. */
  waitFor(event: ServerEventName, match?: (data: any) => boolean, timeoutMs?: number): Promise<any>;
  of(event: ServerEventName): any[];
  close(): void;
}

export interface RawClientOptions {
  userName?: string;
  token?: string | null;
  sessionID?: string;
  /** Do not call resumeSession after connecting. */
  skipResume?: boolean;
}

export function connectRaw(url: string, userID: string, options: RawClientOptions = {}): Promise<Socket> {
  return (async () => {
    const token = options.token === undefined ? await demoToken(url, userID) : options.token ?? undefined;
    const socket = io(url, {
      auth: { userID, userName: options.userName ?? `${userID} name`, token, sessionID: options.sessionID },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    return socket;
  })();
}

export async function rawClient(url: string, userID: string, options: RawClientOptions = {}): Promise<RawClient> {
  const socket = await connectRaw(url, userID, options);
  const pushes: Push[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: ServerEventName, data: unknown) => {
    pushes.push({ event, data });
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  const client: RawClient = {
    userID,
    socket,
    pushes,
    call: (event, payload) =>
      new Promise((resolve, reject) => {
        socket.timeout(5000).emit(event, payload ?? {}, (err: Error | null, ack: Ack<any>) => (err ? reject(err) : resolve(ack)));
      }),
    async ok(event, payload) {
      const ack = await client.call(event, payload);
      if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
      return ack.data;
    },
    waitFor(event, match = () => true, timeoutMs = 4000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = pushes.find((p) => p.event === event && match(p.data));
          if (!found) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found.data);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`${userID}: no ${event} within ${timeoutMs} ms; got ${JSON.stringify(pushes.map((p) => p.event))}`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    of: (event) => pushes.filter((p) => p.event === event).map((p) => p.data),
    close: () => void socket.close(),
  };
  if (!options.skipResume) await client.ok('resumeSession', { rooms: [] });
  return client;
}

/** Members named in a member push. */
export const ids = (data: { memberList: { userID: string }[] }) => data.memberList.map((m) => m.userID).sort();

/** Waits long enough for a batching window (and a little) to pass, to check nothing arrives. */
export const settle = (ms = 250) => new Promise((r) => setTimeout(r, ms));
