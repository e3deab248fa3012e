/**
 * Helpers for SDK tests: the real server on port 0, real SDK instances (one per user) and an
 * event recorder to wait on. Waiting is always for a condition with a deadline, never a sleep.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import type { ServerConfig } from '../../server/config.ts';
import {
  ZIM,
  type ZIMAnyEvent,
  type ZIMEventMap,
  type ZIMEventName,
  type ZIMRoomEvent,
  type ZIMRoomState,
} from '../../lib/zim/index.ts';

export const TEST_SECRET = 'sdk-test-secret-of-at-least-32-bytes';

export type { TestServer } from '../helpers/server.ts';

/** One server per test file (or per describe), closed after it. */
export function useServer(config: Partial<ServerConfig> = {}): TestServer {
  const handle = {} as TestServer;
  beforeAll(async () => void Object.assign(handle, await startServer({ tokenSecret: TEST_SECRET, ...config })));
  afterAll(() => handle.close());
  return handle;
}

let counter = 0;
/** An ID no other test in this process uses, valid as a userID (≤ 32 bytes) and a roomID. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix.slice(0, 12)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Everything one SDK instance emitted, in order, with ways to wait on it. */
export class Recorder {
  readonly events: ZIMAnyEvent[] = [];
  constructor(readonly zim: ZIM) {
    zim.subscribe((event) => this.events.push(event));
  }
  of<K extends ZIMEventName>(name: K): ZIMEventMap[K][] {
    return this.events.filter((e) => e.name === name).map((e) => e.data as ZIMEventMap[K]);
  }
  /** [state, event] pairs of one room, in order. */
  roomStates(roomID: string): [ZIMRoomState, ZIMRoomEvent][] {
    return this.of('roomStateChanged')
      .filter((e) => e.roomID === roomID)
      .map((e) => [e.state, e.event]);
  }
  connectionStates(): [number, number][] {
    return this.of('connectionStateChanged').map((e) => [e.state, e.event]);
  }
  /** Names of the events, optionally only those about one room. */
  names(roomID?: string): string[] {
    return this.events.filter((e) => roomID === undefined || roomOf(e) === roomID).map((e) => e.name);
  }
  clear(): void {
    this.events.length = 0;
  }
  /** Waits until an event matching `match` has been recorded and returns it. */
  async waitFor<K extends ZIMEventName>(
    name: K,
    match: (data: ZIMEventMap[K]) => boolean = () => true,
    timeout = 5000,
  ) {
    let found: ZIMEventMap[K] | undefined;
    await expect
      .poll(() => (found = this.of(name).find(match)), { timeout, interval: 10, message: `waiting for ${name}` })
      .toBeDefined();
    return found as ZIMEventMap[K];
  }
}

function roomOf(e: ZIMAnyEvent): string | undefined {
  if ('roomID' in e.data) return e.data.roomID;
  if ('fromConversationID' in e.data) return e.data.fromConversationID;
  return undefined;
}

const live: ZIM[] = [];
afterEach(() => {
  for (const zim of live.splice(0)) zim.destroy();
});

/** A new SDK instance for `server`, destroyed after the test. */
export function newClient(
  server: TestServer | string,
  options: { persistSession?: boolean } = {},
): { zim: ZIM; rec: Recorder } {
  const zim = ZIM.create({ server: typeof server === 'string' ? server : server.url, ...options });
  live.push(zim);
  return { zim, rec: new Recorder(zim) };
}

/** A logged-in user. */
export async function newUser(server: TestServer, userID = uid('user'), userName = `Name of ${userID}`) {
  const client = newClient(server);
  await client.zim.login(userID, { userName });
  return { ...client, userID, userName };
}

/** The rejection of `promise` as `{ code, message }`, failing the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code: number; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error('expected the call to reject, it resolved');
}

/** The SDK's socket, for tests that must break the network. */
export function socketOf(zim: ZIM): {
  io: { engine: { close(): void }; reconnectionDelay(ms: number): unknown; reconnectionDelayMax(ms: number): unknown };
} {
  const socket = (zim as unknown as { core: { connection: { socket?: unknown } } }).core.connection.socket;
  if (!socket) throw new Error('no socket: not logged in');
  return socket as ReturnType<typeof socketOf>;
}

/** Drops the connection the way a network loss does (Socket.IO then reconnects by itself). */
export function breakNetwork(zim: ZIM): void {
  socketOf(zim).io.engine.close();
}
