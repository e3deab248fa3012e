/**
 * SPEC 11b: new connections per remote address are rate-limited (a burst of twenty seconds' worth,
 * then the rate); behind a proxy the address comes from X-Forwarded-For only when trusted.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../server/token.ts';
import { opens } from '../helpers/handshake.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';
import { TestTime } from '../helpers/test-time.ts';

async function burst(
  srv: TestServer,
  n: number,
  headers: (i: number) => Record<string, string> = () => ({}),
): Promise<number> {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => opens(srv, headers(i))));
  return results.filter(Boolean).length;
}

describe('handshakes per address (rate 1/s, burst 20)', () => {
  let direct: TestServer;
  let proxied: TestServer;
  // The direct server's budget refills on a fake clock (on Redis the budget is the store's, on Redis TIME).
  const time = new TestTime();
  beforeAll(async () => {
    direct = await startServer({ handshakeRatePerSecond: 1 }, undefined, time.clock);
    proxied = await startServer({ handshakeRatePerSecond: 1, trustProxy: true });
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  it('lets a burst in, refuses the rest, and lets more in as the rate refills', async () => {
    const first = await burst(direct, 30);
    expect(first).toBeGreaterThanOrEqual(20);
    expect(first).toBeLessThanOrEqual(23);
    // Claims in X-Forwarded-For count for nothing unless the proxy is trusted.
    expect(await burst(direct, 5, (i) => ({ 'x-forwarded-for': `10.0.0.${i + 1}` }))).toBeLessThanOrEqual(1);
    await time.pass(2200);
    expect(await opens(direct)).toBe(true);
  });

  it('behind a trusted proxy each client address has its own budget', async () => {
    const school = (i: number) => ({ 'x-forwarded-for': `203.0.113.7, 10.1.${Math.floor(i / 200)}.${i % 200}` });
    expect(await burst(proxied, 25, () => ({ 'x-forwarded-for': '198.51.100.1' }))).toBeLessThanOrEqual(23);
    // Another client address (the last entry, the one the proxy appended) is not held back.
    expect(await burst(proxied, 10, school)).toBe(10);
  });

  it('a crowd behind one address that retries as the SDK does gets in by itself (rate 3/s, burst 60: 80 clients)', async () => {
    // Scaled down from the default (50/s, bursts of 1000: a class of 1000 at once is let in together).
    // Real time: the point is the clients' own retry back-off (socket.io-client's timers) meeting the refill.
    const crowd = await startServer({ handshakeRatePerSecond: 3 });
    const started = Date.now();
    const sockets = Array.from({ length: 80 }, () => {
      const userID = uniqueID('crowd');
      const token = issueToken(crowd.server.config.tokenSecret, userID, 3600);
      return io(crowd.url, {
        auth: { userID, token },
        transports: ['websocket'],
        forceNew: true,
        reconnectionDelay: 500,
        reconnectionDelayMax: 3000,
      });
    });
    try {
      await expect.poll(() => sockets.filter((s) => s.connected).length, { timeout: 20_000, interval: 100 }).toBe(80);
      // 20 beyond the burst at 3/s: about 7 s, plus the retries' back-off.
      expect(Date.now() - started).toBeGreaterThan(4000);
    } finally {
      for (const socket of sockets) socket.close();
      await crowd.close();
    }
  }, 40_000);
});
