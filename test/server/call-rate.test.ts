/**
 * The call rate per connection (CONVENE_CALL_RATE) on the server's own clock: a test drives the
 * clock, so the bucket's refill is exact, not a race with the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZIMErrorCode } from '../../lib/protocol/index.ts';
import { createConveneServer, type ConveneServer } from '../../server/app.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { rawClient, type RawClient } from '../helpers/raw-client.ts';
import { TEST_TOKEN_SECRET, uniqueID } from '../helpers/server.ts';

const RATE = 5;
const clock = new FakeClock();
let server: ConveneServer;
let client: RawClient;

beforeAll(async () => {
  server = createConveneServer({
    config: { tokenSecret: TEST_TOKEN_SECRET, demoTokens: true, logLevel: 'silent', callRatePerSecond: RATE },
    clock,
  });
  const { url } = await server.listen(0, '127.0.0.1');
  client = await rawClient(url, uniqueID('caller'));
});
afterAll(async () => {
  client?.close();
  await server?.close();
});

/** The answer codes of `count` calls sent at once (0: answered without an error). */
async function burst(count: number): Promise<number[]> {
  const acks = await Promise.all(
    Array.from({ length: count }, () => client.call('queryRoomOnlineMemberCount', { roomID: 'nowhere' })),
  );
  return acks.map((ack) => (ack.ok ? 0 : ack.error.code));
}

describe('calls per connection (SPEC 11b)', () => {
  it(`allows ${RATE} calls a second on the server's clock, refuses the next with 6000005, and refills as that clock moves`, async () => {
    clock.advance(10_000); // the connection's own calls so far (its resume) are long refilled
    const first = await burst(RATE + 2);
    expect(first.filter((code) => code === ZIMErrorCode.RateLimited)).toHaveLength(2);
    expect(first.slice(0, RATE)).not.toContain(ZIMErrorCode.RateLimited); // "not in the room", but answered
    // No time passes on the server's clock: still refused, however long the machine takes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await burst(1)).toEqual([ZIMErrorCode.RateLimited]);
    clock.advance(1000 / RATE); // one call's worth
    expect((await burst(2)).filter((code) => code === ZIMErrorCode.RateLimited)).toHaveLength(1);
    clock.advance(1000);
    expect(await burst(RATE)).not.toContain(ZIMErrorCode.RateLimited);
  });
});
