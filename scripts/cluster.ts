/**
 * npm run cluster -- [--nodes 3]: a Convene cluster on one machine, for demos and trials. Starts a
 * redis-server on a free port (unless CONVENE_REDIS_URL is set) and N full app nodes
 * (server/index.ts, the web app included, so `npm run build` first) on consecutive ports from PORT
 * (default 3000), node IDs n1…nN. Prints the URLs; Ctrl-C stops everything it started, by pid.
 * Every other CONVENE_* setting in the environment is passed to each node.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNode, type ClusterNode } from '../test/helpers/cluster.ts';
import { startRedis, type TestRedis } from '../test/helpers/redis.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function option(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(`--${name}`);
  const value = Number(i >= 0 ? argv[i + 1] : fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
  return value;
}

const count = option('nodes', 3);
const basePort = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';
if (!existsSync(join(root, '.next', 'BUILD_ID'))) {
  console.error('No production build: run `npm run build` first (each node serves the web app).');
  process.exit(1);
}

let redis: TestRedis | undefined;
const nodes: ClusterNode[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping the cluster…');
    await Promise.all(nodes.map((node) => node.stop()));
    await redis?.stop();
  }
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

try {
  const redisUrl = process.env.CONVENE_REDIS_URL || (redis = await startRedis()).url;
  console.log(
    redis ? `redis-server pid ${redis.pid} on ${redisUrl} (in memory, stopped with the cluster)` : `Redis: ${redisUrl}`,
  );
  // One token secret for all nodes, so a demo token issued by one is accepted by every other.
  // Demo tokens stay on (a demo cluster) unless CONVENE_DEMO_TOKENS says otherwise.
  const defaults = {
    NODE_ENV: 'production',
    CONVENE_TOKEN_SECRET: process.env.CONVENE_TOKEN_SECRET || randomBytes(32).toString('hex'),
    CONVENE_DEMO_TOKENS: process.env.CONVENE_DEMO_TOKENS || 'true',
  };
  const started = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startNode({
        nodeID: `n${i + 1}`,
        redisUrl,
        port: basePort + i,
        host,
        defaults,
        entry: join(root, 'server', 'index.ts'),
        echo: (line) => console.log(`[n${i + 1}] ${line}`),
      }).then((node) => (nodes.push(node), node)),
    ),
  );
  console.log(`\nConvene cluster: ${count} node(s) sharing ${redisUrl}`);
  for (const node of started) console.log(`  node ${node.nodeID}  ${node.url}  (health: ${node.url}/healthz)`);
  console.log(
    '\nOpen two of them in two tabs: the header shows the node each tab is connected to. Ctrl-C stops everything.',
  );
} catch (error) {
  console.error('The cluster did not start:', (error as Error).message);
  await stopAll(1);
}
