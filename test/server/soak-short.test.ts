/**
 * The soak run (bench/soak.ts, `npm run soak`) cut short: 60 real clients for 12 s doing random
 * room calls, drops, reconnects with the same session and malformed calls against the server in
 * its own process, then everyone leaves. No ghost or missing member, no room left, the gauges at
 * 0, RSS back near its baseline, no crash, no error-level log line, exit 0 on SIGTERM.
 * With CONVENE_TEST_STORE=redis it runs on the Redis store (its own redis-server).
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.ts';

describe('soak (short)', () => {
  it('60 clients for 12 s (after a 3 s warm-up): every invariant holds after everyone left', { timeout: 90_000 }, async () => {
    const report = await runSoak({
      seconds: 12,
      warmupSeconds: 3,
      clients: 60,
      store: process.env.CONVENE_TEST_STORE === 'redis' ? 'redis' : 'memory',
      workers: 1,
      rate: 2,
      rooms: 12,
      graceMs: 1500,
      maxDestroyDelayS: 2,
      rssTolerance: 0.1,
      seed: 7,
      log: () => {},
    });
    expect(report.violations).toEqual([]);
    expect(report.connected).toBe(60);
    for (const op of ['enterRoom', 'joinRoom', 'leaveRoom', 'switchRoom', 'leaveAllRoom', 'sendMessage', 'setRoomAttributes', 'drop', 'reconnect', 'malformed']) {
      expect(report.stats.ops[op] ?? 0, op).toBeGreaterThan(0);
    }
    expect(report.stats.resumedWithRooms).toBeGreaterThan(0); // back within the grace period, rooms kept
    expect(report.membersListed).toBeGreaterThan(0);
    expect(report.ghosts).toEqual([]);
    expect(report.missing).toEqual([]);
    expect(report.gaugesAfter).toMatchObject({ connections: 0, sessions: 0, rooms: 0, roomMembers: 0 });
    expect(report.rss.after).toBeLessThanOrEqual(report.rss.baseline * 1.1);
    expect(report.exitCode).toBe(0);
  });
});
