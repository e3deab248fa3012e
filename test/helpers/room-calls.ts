/** Small helpers shared by the server socket tests (test/server/*.test.ts). */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Ack } from '../../lib/protocol/index.ts';
import { rawClient, type RawClient, type RawClientOptions } from './raw-client.ts';
import type { ServerConfig } from '../../server/config.ts';
import { startServer, uniqueID, type TestServer } from './server.ts';

/** Asserts a failed acknowledgement carrying a ZIMError with `code` and a readable message. */
export function expectError(ack: Ack<unknown>, code: number): void {
  expect(ack).toEqual({ ok: false, error: { code, message: expect.any(String) } });
  if (!ack.ok) expect(ack.error.message.length).toBeGreaterThan(0);
}

/** `n` connected clients with fresh userIDs (or all with the same userID when `sameUser`). */
export function clients(
  url: string,
  prefix: string,
  n: number,
  options: RawClientOptions & { sameUser?: boolean } = {},
) {
  const shared = uniqueID(prefix);
  return Promise.all(
    Array.from({ length: n }, () => rawClient(url, options.sameUser ? shared : uniqueID(prefix), options)),
  );
}

/** Ends the clients' sessions (leaving their rooms at once, no grace period) and closes them. */
export async function bye(...list: RawClient[]): Promise<void> {
  await Promise.all(
    list.map(async (c) => {
      if (c.socket.connected) await c.call('logout', {}).catch(() => undefined);
      c.close();
    }),
  );
}

/** A roomInfo payload. */
export const info = (roomID: string, roomName = `${roomID} name`) => ({ roomID, roomName });

/** The userIDs of a call result's member list, sorted. */
export const memberIDs = (data: { memberList: { userID: string }[] }) => data.memberList.map((m) => m.userID).sort();

/**
 * One server per describe block, with its own settings; `users(n)` opens n clients that are
 * logged out after each test, so rooms do not pile up.
 */
export function serverWithUsers(prefix: string) {
  const state = { srv: undefined as unknown as TestServer, open: [] as RawClient[] };
  return {
    get url() {
      return state.srv.url;
    },
    withServer: (config: Partial<ServerConfig>) => {
      beforeAll(async () => void (state.srv = await startServer(config)));
      afterEach(async () => {
        await bye(...state.open);
        state.open = [];
      });
      afterAll(() => state.srv.close());
    },
    users: async (n: number, options: RawClientOptions & { sameUser?: boolean } = {}) => {
      const list = await clients(state.srv.url, prefix, n, options);
      state.open.push(...list);
      return list;
    },
  };
}
