/**
 * The one-process app: Next.js (pages) and the Convene realtime server (Socket.IO, demo tokens)
 * on one port. `npm run dev` runs it with NODE_ENV=development, `npm run start` in production
 * after `npm run build`.
 */
import next from 'next';
import { createConveneServer } from './app.ts';
import { prepareAppEnv } from './app-env.ts';
import { loadConfig } from './config.ts';

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
  requestHandler: (req, res) => {
    // Next answers its own errors; anything that still escapes is a 500, never a crash.
    handle(req, res).catch((error: unknown) => {
      console.error('[convene] request failed', req.url, error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal server error');
    });
  },
});
const { url, port: listening } = await server.listen(port, hostname);
appEnv.listening(listening);
console.log(`Convene ready on ${url}${dev ? ' (development)' : ''}`);

let closing = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing Convene…`);
  // A second signal, or a close that hangs on a stuck connection, ends the process anyway.
  const timer = setTimeout(() => process.exit(1), 5000);
  timer.unref();
  try {
    await server.close();
    await app.close();
  } catch (error) {
    console.error('Error while closing', error);
    process.exitCode = 1;
  }
  process.exit();
}
process.once('SIGINT', (s) => void shutdown(s));
process.once('SIGTERM', (s) => void shutdown(s));
