/** `npm run server`: the realtime server alone (no web app) on PORT. */
import { loadConfig } from './config.ts';
import { createConveneServer } from './app.ts';
import { drainOnSignals } from './drain.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const server = createConveneServer({ config: loadConfig(process.env) });
const { url } = await server.listen(port, host);
server.log.info({ event: 'listening', url, demoTokens: server.config.demoTokens }, `Convene realtime server on ${url}`);
drainOnSignals(server.drain, server.config.drainSeconds, server.log);
