/**
 * A protocol-level client: a real socket.io-client connection speaking the wire contract directly,
 * recording every push it receives. For tests of what the server itself does.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientEventName, ClientResult, ServerEventName, ServerPayload } from '../../lib/protocol/index.ts';
import { demoToken } from './demo-token.ts';

/** A push as received, its data typed by its event. */
export type Push = { [E in ServerEventName]: { event: E; data: ServerPayload<E> } }[ServerEventName];

export interface RawClient {
  userID: string;
  socket: Socket;
  pushes: Push[];
  /** Sends a call and resolves with its acknowledgement; a name outside the contract answers `unknown`. */
  call<E extends ClientEventName>(event: E, payload?: unknown): Promise<Ack<ClientResult<E>>>;
  call(event: string, payload?: unknown): Promise<Ack<unknown>>;
  /** Resolves with the data of a call that must succeed. */
  ok<E extends ClientEventName>(event: E, payload?: unknown): Promise<ClientResult<E>>;
  ok(event: string, payload?: unknown): Promise<unknown>;
  /** Waits for a push matching `match` (counting from `from`), or fails after `timeoutMs`. */
  waitFor<E extends ServerEventName>(
    event: E,
    match?: (data: ServerPayload<E>) => boolean,
    timeoutMs?: number,
  ): Promise<ServerPayload<E>>;
  of<E extends ServerEventName>(event: E): ServerPayload<E>[];
  close: () => void;
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
    const token = options.token === undefined ? await demoToken(url, userID) : (options.token ?? undefined);
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
  // The wire carries no types: pushes and answers get the contract's types here, as in the SDK.
  socket.onAny((event: ServerEventName, data: unknown) => {
    pushes.push({ event, data } as Push);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  const call = (event: string, payload?: unknown) =>
    new Promise<Ack<unknown>>((resolve, reject) => {
      socket
        .timeout(5000)
        .emit(event, payload ?? {}, (err: Error | null, ack: Ack<unknown>) => (err ? reject(err) : resolve(ack)));
    });
  const ok = async (event: string, payload?: unknown) => {
    const ack = await call(event, payload);
    if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  };
  const waitFor = (event: ServerEventName, match: (data: unknown) => boolean = () => true, timeoutMs = 4000) =>
    new Promise<unknown>((resolve, reject) => {
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
        reject(
          new Error(`${userID}: no ${event} within ${timeoutMs} ms; got ${JSON.stringify(pushes.map((p) => p.event))}`),
        );
      }, timeoutMs);
      waiters.add(wake);
      check();
    });
  const client = {
    userID,
    socket,
    pushes,
    call,
    ok,
    waitFor,
    of: (event: ServerEventName) => pushes.filter((p) => p.event === event).map((p) => p.data),
    close: () => void socket.close(),
  } as RawClient;
  if (!options.skipResume) await client.ok('resumeSession', { rooms: [] });
  return client;
}

/** Members named in a member push. */
export const ids = (data: { memberList: { userID: string }[] }) => data.memberList.map((m) => m.userID).sort();

/** Waits long enough for a batching window (and a little) to pass, to check nothing arrives. */
export const settle = (ms = 250) => new Promise((r) => setTimeout(r, ms));
