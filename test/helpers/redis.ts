/**
 * A real redis-server for tests, scripts and benchmarks: on a free port bound to 127.0.0.1, no
 * persistence (`--save '' --appendonly no`), its files in a temporary directory, stopped by its
 * pid. Faults for the scale-out tests: restart with empty data, CLIENT KILL TYPE pubsub, pause.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exited, freePort, own, signal, stopChild, waitUntil } from './processes.ts';

const run = promisify(execFile);

export interface TestRedis {
  port: number;
  url: string;
  /** The running redis-server process (a new one after each restart). */
  readonly pid: number;
  /** Runs one command with redis-cli and returns its output, trimmed. */
  command(...args: string[]): Promise<string>;
  /** Kills it (SIGKILL: a crash; no data survives) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port after `kill`, with no data. */
  start(): Promise<void>;
  /** kill, then start. */
  restart(): Promise<void>;
  /** CLIENT KILL TYPE pubsub: every subscriber connection is cut; returns how many were. */
  killSubscribers(): Promise<number>;
  /** SIGSTOP / SIGCONT: Redis stops answering without closing a connection. */
  pause(): void;
  resume(): void;
  stop: () => Promise<void>;
}

function spawnRedis(port: number, dir: string): ChildProcess {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--pidfile',
      join(dir, 'redis.pid'),
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  child.once('error', (error) => console.error('[redis] could not start redis-server:', error.message));
  return own(child);
}

async function cli(port: number, args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 });
  return stdout.trim();
}

async function started(port: number, dir: string): Promise<ChildProcess> {
  const child = spawnRedis(port, dir);
  await waitUntil(`redis-server on port ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    return (await cli(port, ['PING'])) === 'PONG';
  });
  return child;
}

/** Starts a redis-server on a free port (or `port`), waits until it answers PING. */
export async function startRedis(port?: number): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'convene-redis-'));
  let chosen = port ?? (await freePort());
  let child: ChildProcess;
  try {
    child = await started(chosen, dir);
  } catch (error) {
    if (port !== undefined) throw error;
    chosen = await freePort(); // the free port was taken in between: once more
    child = await started(chosen, dir);
  }
  const redis: TestRedis = {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    get pid() {
      return child.pid as number;
    },
    command: (...args) => cli(chosen, args),
    async kill() {
      signal(child, 'SIGKILL');
      await exited(child);
    },
    async start() {
      child = await started(chosen, dir);
    },
    async restart() {
      await redis.kill();
      await redis.start();
    },
    async killSubscribers() {
      return Number(await cli(chosen, ['CLIENT', 'KILL', 'TYPE', 'pubsub']));
    },
    pause: () => void signal(child, 'SIGSTOP'),
    resume: () => void signal(child, 'SIGCONT'),
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return redis;
}
