/** The benchmark's child processes: start (tsx, IPC), wait for a message, stop — only those started here. */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromServer, ToServer } from './ipc.ts';
import { killOwned, own } from '../test/helpers/processes.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);

/** Starts bench/`file` under tsx with IPC; `nodeFlags` go to node (e.g. --expose-gc). */
export function start(file: string, env: Record<string, string> = {}, nodeFlags: string[] = []): ChildProcess {
  const child = fork(join(benchDir, file), [], {
    cwd: root,
    execArgv: [...nodeFlags, '--import', 'tsx'],
    env: { ...process.env, ...env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return own(child);
}

/** SIGKILL to every child this script started (workers, servers, redis-servers). */
export const killAll = killOwned;

/** The next IPC message of `child` matching `kind`, or an error after `ms`. */
export function next<M extends { kind: string }>(
  child: ChildProcess,
  kind: M['kind'],
  ms: number,
  what: string,
): Promise<M> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${what}: nothing within ${ms / 1000} s`)), ms);
    const onMessage = (message: M) => {
      if (message.kind === 'fatal') done(new Error(`${what}: ${(message as unknown as { error: string }).error}`));
      else if (message.kind === kind) done(undefined, message);
    };
    const onExit = (code: number | null) => done(new Error(`${what}: child exited (${code}) early`));
    function done(error?: Error, message?: M) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message as M);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** CPU time of the whole machine (all cores, all processes) so far, in µs. */
export function machineBusyUs(): number {
  return cpus().reduce((n, c) => n + (c.times.user + c.times.nice + c.times.sys + c.times.irq) * 1000, 0);
}

export const selfCpuUs = () => (({ user, system }) => user + system)(process.cpuUsage());

/** Sends a control message to a server child and waits for its answer of the same kind. */
export function control<M extends FromServer>(server: ChildProcess, kind: M['kind'], message: ToServer): Promise<M> {
  const reply = next<M>(server, kind, 15_000, `server ${kind}`);
  server.send(message);
  return reply;
}

export async function serverCpuUs(server: ChildProcess): Promise<number> {
  const cpu = await control<Extract<FromServer, { kind: 'cpu' }>>(server, 'cpu', { kind: 'cpu' });
  return cpu.userUs + cpu.systemUs;
}

/** Ends children started here: SIGTERM, then SIGKILL to any still running after 2 s. */
export async function stop(list: readonly ChildProcess[]): Promise<void> {
  const alive = (c: ChildProcess) => c.pid !== undefined && c.exitCode === null && c.signalCode === null;
  const running = list.filter(alive);
  const exited = running.map((c) => new Promise((resolve) => c.once('exit', resolve)));
  for (const c of running) c.kill('SIGTERM');
  await Promise.race([Promise.all(exited), new Promise((r) => setTimeout(r, 2000))]);
  for (const c of running.filter(alive)) {
    try {
      process.kill(c.pid as number, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
