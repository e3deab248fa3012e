/**
 * The fuzz run (bench/fuzz.ts, `npm run fuzz`) cut short: 5,000 malformed requests over every
 * client event and unknown ones, from 4 connections at the per-connection call-rate limit, while a
 * good pair talks in a room. Nothing accepted, everything answered, the rooms, members and
 * attributes unchanged, every good message delivered once and in order, no crash.
 * With CONVENE_TEST_STORE=redis it runs on the Redis store (its own redis-server).
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../bench/fuzz.ts';
import { CLIENT_EVENTS } from '../../lib/protocol/index.ts';

describe('fuzz (short)', () => {
  it('5,000 malformed requests change nothing and crash nothing', { timeout: 60_000 }, async () => {
    const report = await runFuzz({
      count: 5000,
      connections: 4,
      rate: 500,
      store: process.env.CONVENE_TEST_STORE === 'redis' ? 'redis' : 'memory',
      seed: 11,
      log: () => {},
    });
    expect(report.violations).toEqual([]);
    expect(report.sent).toBeGreaterThanOrEqual(5000);
    expect(report.accepted).toEqual([]);
    expect(report.unanswered).toBe(0);
    expect(report.stateAfter).toBe(report.stateBefore);
    expect(report.good.sent).toBeGreaterThan(0);
    expect(report.good).toMatchObject({ lost: 0, duplicated: 0, reordered: 0, otherPushes: [] });
    expect(report.exitCode).toBe(0);
    expect(Object.keys(report.sentByKind)).toEqual(
      expect.arrayContaining([
        'missing',
        'wrong-type',
        'oversized',
        'deep',
        'huge-number',
        'proto-keys',
        'non-object',
        'unknown-event',
        'no-ack',
      ]),
    );
    expect(report.eventsCovered.sort()).toEqual([...CLIENT_EVENTS].sort());
  });
});
