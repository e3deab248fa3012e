/**
 * Child processes of tests, scripts and benchmarks, handled by pid only: free ports, waiting on a
 * condition, signals, and a wait for exit. Nothing here touches a process it did not start.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port free on 127.0.0.1 right now (the OS picks it; the caller binds it soon after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `check` every `intervalMs` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String((last as Error).message ?? last)})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

const owned = new Set<ChildProcess>();

/** Records a child this process started, so `killOwned` can end it if this process is itself stopped. */
export function own<C extends ChildProcess>(child: C): C {
  owned.add(child);
  child.once('exit', () => owned.delete(child));
  return child;
}

/** SIGKILL to every child recorded with `own` that still runs (by its pid; a stopped one too). */
export function killOwned(): void {
  for (const child of owned) signal(child, 'SIGKILL');
  owned.clear();
}

/**
 * A script that starts servers, redis-servers or workers calls this once: when it is interrupted
 * (Ctrl-C, SIGTERM, SIGHUP) or exits early, the children it started go with it instead of staying on.
 */
export function killOwnedOnExit(): void {
  process.once('exit', killOwned);
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping the processes this script started`);
      killOwned();
      process.exit(code);
    });
  }
}

/** Sends `signal` to the child's own pid (never a group, never by name); false when it is gone. */
export function signal(child: ChildProcess, sig: NodeJS.Signals): boolean {
  if (child.pid === undefined || !isRunning(child)) return false;
  try {
    process.kill(child.pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after `graceMs` (a stopped process is continued first so it can exit). */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (!isRunning(child)) return;
  signal(child, 'SIGCONT');
  signal(child, 'SIGTERM');
  const timer = setTimeout(() => signal(child, 'SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}
