/**
 * createConveneServer(options) → the realtime server on an http.Server: Socket.IO, the room core,
 * the demo token endpoint, and (for the web app) any other request handed to `requestHandler`.
 * Tests start it on port 0.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { Server } from 'socket.io';
import { ZIMErrorCode, type ServerLimits } from '../lib/protocol/index.ts';
import { loadConfig, type ServerConfig } from './config.ts';
import { Drain, until } from './drain.ts';
import { releaseFirstRequests } from './first-request.ts';
import { attachGateway } from './gateway.ts';
import { answerDemoToken } from './http/demo-token.ts';
import { sendJson } from './http/json.ts';
import {
  contentSecurityPolicy,
  demoExposureWarning,
  originAllowed,
  remoteAddress,
  setSecurityHeaders,
} from './http/security.ts';
import { createServerApi, SERVER_API_PREFIX } from './http/server-api.ts';
import { systemClock, type Clock } from './rooms/clock.ts';
import { onFault } from './rooms/faults.ts';
import { RoomEvents } from './rooms/room-events.ts';
import { KeyedRateLimiter } from './rooms/rate-limit.ts';
import { RoomService } from './rooms/room-service.ts';
import { SocketOutbox, type ConveneIO } from './socket-outbox.ts';
import { openStore } from './store/open-store.ts';
import type { RoomStore } from './store/types.ts';
import { answerMetrics } from './telemetry/http.ts';
import { createLogger, type Logger } from './telemetry/logger.ts';
import { Telemetry } from './telemetry/telemetry.ts';
import { attachWebhooks, type Webhooks } from './webhooks/webhooks.ts';

export interface ConveneServerOptions {
  /** Settings over those of the environment. */
  config?: Partial<ServerConfig>;
  /** Every HTTP request the realtime server does not answer itself (the web app). */
  requestHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  store?: RoomStore;
  clock?: Clock;
  /** Where the JSON log lines go (stdout by default); tests read them here. */
  logDestination?: DestinationStream;
  /** Next in development: its pages need eval (the CSP allows it then). */
  dev?: boolean;
}

/**
 * Handshakes one address may make at once, in seconds of its rate: at the default 50/s, 1000 —
 * a class of 1000 behind one school NAT arriving together, each within the SDK's 10 s login.
 */
const HANDSHAKE_BURST_SECONDS = 20;

/** Public, read-only answers any page may read. */
const ANY_ORIGIN = { 'access-control-allow-origin': '*' };

export interface ConveneServer {
  httpServer: HttpServer;
  io: ConveneIO;
  config: ServerConfig;
  /** This node's ID in a cluster (CONVENE_NODE_ID). */
  nodeID: string;
  service: RoomService;
  /** Room facts (created, destroyed, member joined and left) for webhooks, logs and metrics. */
  events: RoomEvents;
  log: Logger;
  telemetry: Telemetry;
  /** SIGTERM's graceful drain; the webhook sender registers its flush with `drain.register`. */
  drain: Drain;
  /** Set when CONVENE_WEBHOOK_URL is: delivery figures (delivered, failed, dropped, queued). */
  webhooks: Webhooks | undefined;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

/** Whether the store answers; a node whose store does not is not healthy (503). */
export type StoreHealth = { store: RoomStore['kind']; reachable: () => Promise<boolean> };

async function answerHealth(config: ServerConfig, health: StoreHealth, res: ServerResponse): Promise<void> {
  const storeReachable = await health.reachable();
  sendJson(
    res,
    storeReachable ? 200 : 503,
    { ok: storeReachable, nodeID: config.nodeID, store: health.store, storeReachable },
    ANY_ORIGIN,
  );
}

function publicLimits(config: ServerConfig): ServerLimits {
  return {
    maxRoomsPerUser: config.maxRoomsPerUser,
    maxMembersPerRoom: config.maxMembersPerRoom,
    maxDestroyDelaySeconds: config.maxDestroyDelaySeconds,
    historySize: config.historySize,
    initialMemberListSize: config.initialMemberListSize,
  };
}

export function createConveneServer(options: ConveneServerOptions = {}): ConveneServer {
  const env = loadConfig(process.env, options.config ?? {});
  const config: ServerConfig = { ...env, tokenSecret: env.tokenSecret || randomBytes(32).toString('hex') };
  const log = createLogger(config.logLevel, config.nodeID, options.logDestination);

  const csp = contentSecurityPolicy(options.dev ?? false);
  const httpServer = createServer((req, res) => {
    setSecurityHeaders(res, csp);
    // Parse only path and query: a target such as `//[` is not a URL and must not throw here.
    const url = URL.parse(`http://localhost/${(req.url ?? '/').replace(/^\/+/, '')}`);
    if (!url) return sendJson(res, 400, { code: ZIMErrorCode.InvalidParameter, message: 'Bad request target' });
    if (req.method === 'GET' && url.pathname === '/api/token') return answerDemoToken(config, req, url, res);
    if (req.method === 'GET' && url.pathname === '/healthz' && drain.draining) {
      return sendJson(res, 503, { ok: false, nodeID: config.nodeID, draining: true }, ANY_ORIGIN);
    }
    if (answerMetrics(telemetry, config.serverSecret, req, res, url.pathname)) return;
    if (req.method === 'GET' && url.pathname === '/healthz') return void answerHealth(config, health, res);
    if (req.method === 'GET' && url.pathname === '/api/limits')
      return sendJson(res, 200, publicLimits(config), ANY_ORIGIN);
    if (url.pathname.startsWith(SERVER_API_PREFIX)) return serverApi(req, res, url);
    if (options.requestHandler) return options.requestHandler(req, res);
    sendJson(res, 404, { code: ZIMErrorCode.InvalidParameter, message: 'Not found' });
  });

  // A silent connection counts as dropped after pingInterval + pingTimeout = 35 s, ZIM's figure.
  // (A 10 s interval was measured to lengthen the broadcast p99: 1000 pings land in bursts.)
  const io: ConveneIO = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 25_000,
    pingTimeout: 10_000,
    // Checked at each new connection, before any work for it. WebSockets know no CORS: a demo
    // server checks the page's origin itself. One address may not open connections without bound.
    allowRequest: (req, callback) => {
      if (!originAllowed(config, req)) return callback('This page may not connect to this server', false);
      void admitHandshake(remoteAddress(req, config.trustProxy)).then((admitted) => {
        if (admitted) return callback(null, true);
        telemetry.observer.handshakeRefused(
          { code: ZIMErrorCode.RateLimited, message: 'Too many new connections from one address' },
          undefined,
        );
        callback('Too many new connections from this address; retry shortly', false);
      });
    },
  });
  releaseFirstRequests(io);
  const clock = options.clock ?? systemClock;
  const handshakes =
    config.handshakeRatePerSecond > 0
      ? new KeyedRateLimiter(
          config.handshakeRatePerSecond,
          config.handshakeRatePerSecond * HANDSHAKE_BURST_SECONDS,
          clock,
        )
      : undefined;
  const store = options.store ?? openStore(config, clock);
  // One address's handshakes: a budget shared by the cluster when the store keeps one, else this
  // process's own (also while the store is away: a node never refuses for want of Redis).
  const admitHandshake = async (address: string): Promise<boolean> => {
    if (!handshakes) return true;
    const { handshakeRatePerSecond: rate } = config;
    if (!store.takeHandshake) return handshakes.take(address);
    return store.takeHandshake(address, rate, rate * HANDSHAKE_BURST_SECONDS).catch(() => handshakes.take(address));
  };
  const health: StoreHealth = { store: store.kind, reachable: () => store.reachable() };
  const outbox = new SocketOutbox(io, config.messageCoalesceMs, clock);
  const events = new RoomEvents();
  const service = new RoomService({
    store,
    outbox,
    clock,
    config,
    events,
  });
  const telemetry = new Telemetry({
    io,
    service,
    store,
    events,
    nodeID: config.nodeID,
    log,
    sampleMs: config.opsSampleMs,
    isDraining: () => drain.draining,
  });
  attachGateway(io, service, outbox, config, telemetry.observer, clock);
  const stopFaults = onFault((what, error) => telemetry.observer.internalError(what, error));
  const serverApi = createServerApi(config, service);
  const webhooks = attachWebhooks(events, config, options.clock ?? systemClock);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      webhooks?.stop();
      outbox.close();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      // After the connections: the store hands this node's sessions over (resumable elsewhere).
      await service.dispose();
      telemetry.stop();
      stopFaults();
    })());
  const drain = new Drain({
    httpServer,
    io,
    log,
    drainSeconds: config.drainSeconds,
    close,
    flush: () => outbox.flushAll(),
  });
  // A drain waits for the webhooks still queued (each retried as usual) before closing.
  if (webhooks)
    drain.register('webhooks', async (deadline) => void (await until(deadline, () => webhooks.stats().queued === 0)));

  return {
    httpServer,
    io,
    config,
    nodeID: config.nodeID,
    service,
    events,
    log,
    telemetry,
    drain,
    webhooks,
    // The store starts first (its lease, its feed), so no connection arrives before it is ready.
    async listen(port = 0, host = '127.0.0.1') {
      await service.start();
      return new Promise((resolve, reject) => {
        const failed = (error: Error) => {
          // Not listening after all (the port is taken): give the lease back at once.
          void service.dispose().finally(() => reject(error));
        };
        httpServer.once('error', failed);
        httpServer.listen(port, host, () => {
          httpServer.off('error', failed);
          const exposed = demoExposureWarning(config, host);
          if (exposed) log.warn({ event: 'demoExposed', host }, exposed);
          const address = httpServer.address() as AddressInfo;
          resolve({ port: address.port, url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}` });
        });
      });
    },
    close,
  };
}
