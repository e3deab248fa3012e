/**
 * The one-process app: Next.js (pages) and the Convene realtime server (Socket.IO, demo tokens)
 * on one port. `npm run dev` runs it with NODE_ENV=development, `npm run start` in production
 * after `npm run build`.
 */
import next from 'next';
import { createConveneServer } from './app.ts';
import { prepareAppEnv } from './app-env.ts';
import { loadConfig } from './config.ts';
import { drainOnSignals } from './drain.ts';

process.env.NEXT_TELEMETRY_DISABLED = '1';

const dev = process.env.NODE_ENV !== 'production';
const hostname = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
}

// The app's backend (app/api/host) reads the secrets and this server's URL from process.env.
const appEnv = prepareAppEnv(process.env, hostname, port);

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createConveneServer({
  config: loadConfig(process.env),
  dev,
  requestHandler: (req, res) => {
    // Next answers its own errors; anything that still escapes is a 500, never a crash.
    handle(req, res).catch((error: unknown) => {
      server.telemetry.observer.internalError(`request ${req.method ?? ''} ${(req.url ?? '').split('?')[0]}`, error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal server error');
    });
  },
});
const { url, port: listening } = await server.listen(port, hostname);
appEnv.listening(listening);
server.log.info({ event: 'listening', url, dev }, `Convene ready on ${url}${dev ? ' (development)' : ''}`);
// SIGTERM drains the realtime server (clients reconnect elsewhere), then Next closes.
drainOnSignals(server.drain, server.config.drainSeconds, server.log, () => app.close());
