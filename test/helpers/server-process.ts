/**
 * The realtime server as its own process (`server/realtime.ts`), for what only a process shows:
 * signals, exit codes, stdout logs, stderr, its RSS. Stopped by its pid only. No vitest here, so
 * the soak and fuzz benchmarks (bench/) start the server the same way the tests do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort, own, waitUntil } from './processes.ts';
import type { LogLine } from './metrics-text.ts';

export { freePort };

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  lines: LogLine[];
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Exit code once it has exited, with the time it took from `since`. */
  exited(): Promise<{ code: number | null; at: number }>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Node flags before `--import tsx` (for example `--expose-gc`). */
  nodeArgs?: string[];
}

/** Resident set size (VmRSS of /proc/<pid>/status) of a running process, in bytes; 0 when gone. */
export function rssBytes(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a running process used so far, in seconds (from /proc/<pid>/stat). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}

export async function startServerProcess(
  port: number,
  env: Record<string, string>,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  // node --import tsx (not the tsx CLI): one process, so the signal reaches the server itself.
  const child = own(
    spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'server/realtime.ts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CONVENE_LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const lines: LogLine[] = [];
  let rest = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part) as LogLine);
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  await waitUntil(
    'the server process listening',
    () => lines.some((l) => l.event === 'listening') || child.exitCode !== null,
    15_000,
    20,
  );
  if (child.exitCode !== null) throw new Error(`the server process exited at start: ${stderr}`);
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    lines,
    stderr: () => stderr,
    exited: () => exit,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
}
