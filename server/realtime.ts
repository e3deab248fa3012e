/** `npm run server`: the realtime server alone (no web app) on PORT. */
import { loadConfig } from './config.ts';
import { createConveneServer } from './app.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const server = createConveneServer({ config: loadConfig(process.env) });
const { url } = await server.listen(port, host);
console.log(`Convene realtime server on ${url} (demo tokens ${server.config.demoTokens ? 'on' : 'off'})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
