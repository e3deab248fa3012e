/** Command-line flags of the bench scripts (`--name value`), read the same way by each. */
import { killOwnedOnExit } from '../test/helpers/processes.ts';

export interface BenchArgs {
  /** The value after `--name`, or `fallback`. */
  flag: (name: string, fallback: string) => string;
  /** A positive number after `--name`, or `fallback`; anything else is an error. */
  num: (name: string, fallback: number) => number;
  /** `--store memory|redis` (default memory). */
  store: () => 'memory' | 'redis';
}

export function benchArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const flag = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
  };
  return {
    flag,
    num(name, fallback) {
      const v = Number(flag(name, String(fallback)));
      if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
      return v;
    },
    store() {
      const store = flag('store', 'memory');
      if (store !== 'memory' && store !== 'redis') throw new Error('--store must be memory or redis');
      return store;
    },
  };
}

/**
 * Runs a check script's work, prints its report, and exits 1 on any violation or failure. The
 * servers, redis-servers and workers it started are killed if it is interrupted.
 */
export function runCheck<R extends { violations: readonly string[] }>(
  name: string,
  work: () => Promise<R>,
  print: (report: R) => void,
): void {
  killOwnedOnExit();
  work().then(
    (report) => {
      print(report);
      process.exit(report.violations.length ? 1 : 0);
    },
    (error: unknown) => {
      console.error(`${name} failed:`, error);
      process.exit(1);
    },
  );
}
