/** Many deadlines on one timer (server/rooms/deadlines.ts): each runs at its time, only one timer is armed. */
import { describe, expect, it } from 'vitest';
import { Deadlines } from '../../server/rooms/deadlines.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

describe('Deadlines', () => {
  it('runs each key at its own time, in time order, with one timer armed', () => {
    const clock = new FakeClock();
    const ran: string[] = [];
    const deadlines = new Deadlines<string>(clock, (key) => ran.push(`${key}@${clock.now()}`));
    deadlines.set('c', 3000);
    deadlines.set('a', 1000);
    deadlines.set('b', 2000);
    expect(clock.timers).toBe(1);
    clock.advance(1500);
    expect(ran).toEqual(['a@1000']);
    clock.advance(2000);
    expect(ran).toEqual(['a@1000', 'b@2000', 'c@3000']);
    expect(clock.timers).toBe(0);
    expect(deadlines.size).toBe(0);
  });

  it('a cancelled deadline never runs; cancelling the last one disarms the timer', () => {
    const clock = new FakeClock();
    const ran: string[] = [];
    const deadlines = new Deadlines<string>(clock, (key) => ran.push(key));
    const a = deadlines.set('a', 1000);
    deadlines.set('b', 2000);
    a.cancel();
    clock.advance(1500);
    expect(ran).toEqual([]);
    deadlines.cancel('b');
    expect(clock.timers).toBe(0);
    clock.advance(5000);
    expect(ran).toEqual([]);
  });

  it('setting a key again moves its deadline, and the old handle does not cancel the new one', () => {
    const clock = new FakeClock();
    const ran: string[] = [];
    const deadlines = new Deadlines<string>(clock, (key) => ran.push(`${key}@${clock.now()}`));
    const first = deadlines.set('a', 1000);
    deadlines.set('a', 4000);
    first.cancel();
    clock.advance(3000);
    expect(ran).toEqual([]);
    clock.advance(1000);
    expect(ran).toEqual(['a@4000']);
  });

  it('a deadline past what one Node timer can hold (24.8 days) is re-armed and runs on time', () => {
    const clock = new FakeClock();
    const at = 40 * 24 * 3600_000;
    let ranAt = -1;
    const deadlines = new Deadlines<string>(clock, () => (ranAt = clock.now()));
    deadlines.set('long', at);
    clock.advance(at - 1);
    expect(ranAt).toBe(-1);
    clock.advance(1);
    expect(ranAt).toBe(at);
  });
});
