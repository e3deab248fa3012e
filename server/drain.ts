/**
 * Graceful drain (SIGTERM): stop taking connections, tell every client to reconnect (to another
 * node behind a load balancer, where its session resumes within the grace period and nobody sees
 * a leave), let the registered hooks finish (the webhook sender flushes its queue), then close.
 * The port stays open until then, so `/healthz` can answer 503 `draining` and a load balancer
 * stops sending; a new Socket.IO connection is refused at its upgrade (a 503 the client retries,
 * not a refusal that would end its session). Nothing here ends a session: a drained session is
 * a dropped link, not a logout.
 */
import type { Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ConveneIO, ConveneSocket } from './socket-outbox.ts';
import { errorField, type Logger } from './telemetry/logger.ts';

/** Work that must finish before the process exits; it gets the drain's deadline (epoch ms). */
export type DrainHook = (deadline: number) => Promise<void>;

export interface DrainDeps {
  httpServer: HttpServer;
  io: ConveneIO;
  log: Logger;
  drainSeconds: number;
  /** Closes what is left (timers, Socket.IO) once the clients are gone and the hooks are done. */
  close: () => Promise<void>;
  /** Sends what is held for a short window (coalesced messages) before the connections close. */
  flush?: () => void;
}

export interface DrainOutcome {
  /** Every hook finished and every client left before the deadline. */
  clean: boolean;
  elapsedMs: number;
}

const CHECK_MS = 20;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class Drain {
  private readonly hooks = new Map<string, DrainHook>();
  private running: Promise<DrainOutcome> | undefined;

  constructor(private readonly deps: DrainDeps) {
    // A connection that still comes in (HTTP long-polling, which has no upgrade) is sent on at once.
    deps.io.on('connection', (socket) => {
      if (this.draining) this.sendOn(socket);
    });
  }

  get draining(): boolean {
    return this.running !== undefined;
  }

  /** Registers work the drain waits for (a webhook flush); returns its removal. */
  register(name: string, hook: DrainHook): () => void {
    this.hooks.set(name, hook);
    return () => {
      if (this.hooks.get(name) === hook) this.hooks.delete(name);
    };
  }

  /** Starts the drain (once; later calls get the same outcome). */
  run(): Promise<DrainOutcome> {
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<DrainOutcome> {
    const { httpServer, io, log, drainSeconds } = this.deps;
    const started = Date.now();
    // Some of the drain time is kept for closing, so the process is gone by CONVENE_DRAIN_S.
    const drainMs = drainSeconds * 1000;
    const deadline = started + drainMs - Math.min(1000, drainMs / 5);
    const sockets = [...io.of('/').sockets.values()];
    log.info(
      { event: 'drain_started', connections: sockets.length, drainSeconds, hooks: [...this.hooks.keys()] },
      'draining',
    );
    this.refuseUpgrades(httpServer);
    this.deps.flush?.();
    for (const socket of sockets) this.sendOn(socket);
    const hooksDone = await this.runHooks(deadline);
    const clientsGone = await until(deadline, () => io.of('/').sockets.size === 0);
    await this.deps.close();
    const outcome = { clean: hooksDone && clientsGone, elapsedMs: Date.now() - started };
    log.info({ event: 'drain_finished', ...outcome, connectionsLeft: io.of('/').sockets.size }, 'drained');
    return outcome;
  }

  /** WebSocket upgrades (every new Socket.IO connection of the SDK) get 503 from now on. */
  private refuseUpgrades(httpServer: HttpServer): void {
    httpServer.removeAllListeners('upgrade');
    httpServer.on('upgrade', (_req, socket: Duplex) => {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
  }

  /** Tells the client, then closes its transport: to Socket.IO a dropped link, so it reconnects. */
  private sendOn(socket: ConveneSocket): void {
    socket.emit('serverDraining', {});
    socket.conn.close(); // the engine sends what is queued (the notice) before closing
  }

  private async runHooks(deadline: number): Promise<boolean> {
    const { log } = this.deps;
    const all = [...this.hooks].map(async ([name, hook]) => {
      try {
        await hook(deadline);
      } catch (error) {
        log.error({ event: 'drain_hook_failed', hook: name, err: errorField(error) }, 'a drain hook failed');
      }
    });
    let finished = false;
    void Promise.all(all).then(() => (finished = true));
    return until(deadline, () => finished);
  }
}

/** Resolves true once `done()` holds (checked every 20 ms), false at the deadline. */
export async function until(deadline: number, done: () => boolean): Promise<boolean> {
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await pause(CHECK_MS);
  }
  return true;
}

/**
 * SIGTERM and SIGINT drain the server, then `after` runs (the web app closes) and the process
 * exits: 0 when the drain was clean, 1 otherwise, and at the latest at CONVENE_DRAIN_S.
 */
export function drainOnSignals(
  drain: Drain,
  drainSeconds: number,
  log: Logger,
  after: () => Promise<void> = async () => {},
): void {
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ event: 'signal', signal }, `${signal}: draining`);
    // The drain gives up before its time is up; this is the last word should `after` hang.
    setTimeout(() => {
      log.warn({ event: 'drain_timeout', drainSeconds }, 'drain time is up; exiting');
      process.exit(1);
    }, drainSeconds * 1000).unref();
    drain
      .run()
      .then(async (outcome) => {
        await after();
        process.exit(outcome.clean ? 0 : 1);
      })
      .catch((error: unknown) => {
        log.error({ event: 'drain_failed', err: errorField(error) }, 'drain failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
