/** Time, passed in so tests can drive destroy delays, grace periods and batching windows. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): Timer;
}

/**
 * A timer's handle as a class, not an object with a `cancel` closure: a session holds some for
 * its whole life, and one method on the prototype costs nothing per timer.
 */
class SystemTimer implements Timer {
  constructor(private readonly handle: ReturnType<typeof setTimeout>) {}

  cancel(): void {
    clearTimeout(this.handle);
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return new SystemTimer(handle);
  },
};
