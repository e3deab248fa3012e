/**
 * A test server's time on a FakeClock: the room rules' timers (grace periods, member batching
 * windows, destroy delays, the coalescing window, token expiries, rate windows) fire when a test
 * moves the clock, not after a real sleep. The server, its sockets and its store stay real.
 *
 * On Redis (CONVENE_TEST_STORE=redis) the store keeps its own timers — batching windows, destroy
 * delays, grace periods — on Redis TIME, polled by each node (server/store/redis/node-runner.ts),
 * which no clock handed to the server reaches. There `pass` lets real time go by as well, both
 * clocks moving together in small steps, so one test holds on both stores; it saves time on
 * memory only.
 */
import { FakeClock } from './fake-clock.ts';

export const storeOnRedis = process.env.CONVENE_TEST_STORE === 'redis';

/** How far the two clocks may drift apart on Redis while time passes. */
const REDIS_STEP_MS = 25;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Lets what a fired timer started (store calls, pushes written to sockets) run. */
const serverTurns = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

export class TestTime {
  /** Starts at the real time: tokens carry real expiries. */
  readonly clock = new FakeClock(Date.now());

  /**
   * Moves the server's clock `ms` on, firing each timer that falls due in time order and letting
   * the work it starts run before the next one fires. What a user then sees still travels over
   * a real socket: wait for it (`waitFor`, `vi.waitFor`).
   */
  async pass(ms: number): Promise<void> {
    const until = this.clock.now() + ms;
    if (storeOnRedis) {
      while (this.clock.now() < until) {
        const step = Math.min(REDIS_STEP_MS, until - this.clock.now());
        await sleep(step);
        this.clock.advance(step);
      }
      await serverTurns();
      return;
    }
    for (let next = this.clock.nextAt; next !== undefined && next <= until; next = this.clock.nextAt) {
      this.clock.advance(Math.max(0, next - this.clock.now()));
      await serverTurns();
    }
    this.clock.advance(until - this.clock.now());
    await serverTurns();
  }

  /** Brings the server's clock up to the real time, as before a token is issued for a test. */
  async catchUp(): Promise<void> {
    const behind = Math.max(0, Date.now() - this.clock.now());
    if (!storeOnRedis) return this.pass(behind);
    this.clock.advance(behind); // that real time has passed already: no sleep for the store's timers
    await serverTurns();
  }
}
