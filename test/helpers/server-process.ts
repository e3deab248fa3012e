/**
 * The realtime server as its own process (`server/realtime.ts`), for what only a process shows:
 * signals, exit codes, stdout logs. Stopped by its pid only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './processes.ts';
import { expect } from 'vitest';
import type { LogLine } from './telemetry.ts';

export { freePort };

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  lines: LogLine[];
  /** Exit code once it has exited, with the time it took from `since`. */
  exited(): Promise<{ code: number | null; at: number }>;
  stop(): Promise<void>;
}


export async function startServerProcess(port: number, env: Record<string, string>): Promise<ServerProcess> {
  // node --import tsx (not the tsx CLI): one process, so the signal reaches the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/realtime.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CONVENE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let rest = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part) as LogLine);
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  await expect
    .poll(() => lines.some((l) => l.event === 'listening') || child.exitCode !== null, { timeout: 15_000, interval: 20 })
    .toBe(true);
  if (child.exitCode !== null) throw new Error(`the server process exited at start: ${stderr}`);
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    lines,
    exited: () => exit,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
}
