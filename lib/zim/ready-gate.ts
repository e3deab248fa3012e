/** Small promise tools for the connection: a one-shot deferred and a gate calls wait at. */

export class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (reason: unknown) => void;
  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

/**
 * Calls made while the rooms are being restored after a connect wait here, so they reach the
 * server after the resume and never race it. A drop or a logout fails them instead.
 */
export class ReadyGate {
  private waiters: Deferred<void>[] = [];

  wait(): Promise<void> {
    const waiter = new Deferred<void>();
    this.waiters.push(waiter);
    return waiter.promise;
  }

  open(): void {
    for (const waiter of this.take()) waiter.resolve();
  }

  fail(error: unknown): void {
    for (const waiter of this.take()) waiter.reject(error);
  }

  private take(): Deferred<void>[] {
    const waiters = this.waiters;
    this.waiters = [];
    return waiters;
  }
}
