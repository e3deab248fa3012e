/** Conveniences over rawClient for socket tests: tracked clients, rooms, timing, session IDs. */
import { randomBytes } from 'node:crypto';
import { rawClient, type RawClient, type RawClientOptions } from './raw-client.ts';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ServerConfig } from '../../server/config.ts';
import type { Clock } from '../../server/rooms/clock.ts';
import { startServer, uniqueID, type TestServer } from './server.ts';

/** Clients opened through one pool, all closed by `closeAll` (call it in afterEach). */
export function clientPool(url: () => string) {
  const open: RawClient[] = [];
  return {
    async connect(prefix: string, options: RawClientOptions = {}): Promise<RawClient> {
      const client = await rawClient(url(), uniqueID(prefix), options);
      open.push(client);
      return client;
    },
    /** One new user per prefix, connected in parallel; typed as a tuple for destructuring. */
    connectEach<const P extends readonly string[]>(...prefixes: P): Promise<{ -readonly [K in keyof P]: RawClient }> {
      return Promise.all(prefixes.map((p) => this.connect(p))) as Promise<{ -readonly [K in keyof P]: RawClient }>;
    },
    /** A connection for an existing userID (a second device, a reconnect). */
    async connectAs(userID: string, options: RawClientOptions = {}): Promise<RawClient> {
      const client = await rawClient(url(), userID, options);
      open.push(client);
      return client;
    },
    closeAll(): void {
      for (const client of open.splice(0)) client.close();
    },
  };
}

/** A valid session ID (16+ chars of [A-Za-z0-9_-]). */
export const newSessionID = () => `s_${randomBytes(12).toString('hex')}`;

export const roomInfo = (roomID: string) => ({ roomInfo: { roomID, roomName: roomID.slice(0, 32) } });

/** Creates the room with `owner`, then joins each other client in turn. */
export async function roomWith(roomID: string, owner: RawClient, ...others: RawClient[]): Promise<void> {
  await owner.ok('createRoom', roomInfo(roomID));
  for (const other of others) await other.ok('joinRoom', { roomID });
}

/** Error code of a call that must fail. */
export async function failCode(client: RawClient, event: string, payload: unknown): Promise<number> {
  const ack = await client.call(event, payload);
  if (ack.ok) throw new Error(`${event} succeeded; expected it to fail`);
  return ack.error.code;
}

/** Records the arrival time of each push of `event`, in ms. */
export function arrivals(client: RawClient, event: string): number[] {
  const times: number[] = [];
  client.socket.on(event, () => times.push(Date.now()));
  return times;
}

/** userIDs named across the member pushes of `event` a client received (optionally for one room). */
export function named(client: RawClient, event: 'roomMemberJoined' | 'roomMemberLeft', roomID?: string): string[] {
  return client
    .of(event)
    .filter((d) => roomID === undefined || d.roomID === roomID)
    .flatMap((d) => d.memberList.map((m: { userID: string }) => m.userID));
}

/**
 * One server per describe block, with its own settings (and its clock, when a test drives time),
 * and a pool of clients closed after each test.
 */
export function serverWithPool(config: Partial<ServerConfig>, clock?: Clock) {
  let server: TestServer;
  const pool = clientPool(() => server.url);
  beforeAll(async () => void (server = await startServer(config, undefined, clock)));
  afterEach(() => pool.closeAll());
  afterAll(() => server.close());
  return pool;
}
