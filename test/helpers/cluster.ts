/**
 * Several real Convene nodes (`server/realtime.ts` in child processes) sharing one Redis, for the
 * scale-out tests: each on its own free port with its own CONVENE_NODE_ID and short lease/grace
 * timings, ready once its /healthz names it. Faults by pid: kill -9, SIGSTOP/SIGCONT, SIGTERM.
 * Nodes run as `node --import tsx` (not the tsx CLI, which would put a wrapper process between the
 * test and the node, so a signal would not reach the node itself).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exited, freePort, signal, stopChild, waitUntil } from './processes.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The token secret every test node shares, so a token from one node is good on all. */
export const CLUSTER_TOKEN_SECRET = 'cluster-test-secret-of-at-least-32-bytes';

export interface Health {
  ok: boolean;
  nodeID: string;
  store: 'memory' | 'redis';
  storeReachable: boolean;
}

export interface NodeOptions {
  nodeID: string;
  redisUrl: string;
  /** Extra environment (CONVENE_* settings) over `defaults`. */
  env?: Record<string, string>;
  /** The base environment: TEST_NODE_ENV (short, testable timings) unless given. */
  defaults?: Record<string, string>;
  host?: string;
  /** Port to listen on (a free one when not given). */
  port?: number;
  /** The script to run (default server/realtime.ts; scripts/cluster.ts runs server/index.ts). */
  entry?: string;
  /** Each line the node writes goes to this (besides being kept for `output()`). */
  echo?: (line: string) => void;
}

export interface ClusterNode {
  nodeID: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the node wrote to stdout and stderr (for failure messages). */
  output(): string;
  health(): Promise<Health>;
  kill9(): Promise<void>;
  pause(): void;
  resume(): void;
  /** SIGTERM, and wait until it has exited (a clean hand-over). */
  terminate(): Promise<void>;
  stop(): Promise<void>;
}

/** Timings short enough for tests, long enough for a busy 2-core machine. */
export const TEST_NODE_ENV: Record<string, string> = {
  CONVENE_NODE_LEASE_MS: '1500',
  CONVENE_GRACE_PERIOD_MS: '1000',
  CONVENE_MEMBER_BATCH_WINDOW_MS: '100',
  CONVENE_TOKEN_SECRET: CLUSTER_TOKEN_SECRET,
  CONVENE_DEMO_TOKENS: 'true',
};

export async function fetchHealth(url: string): Promise<Health> {
  const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
  return (await response.json()) as Health;
}

/** Starts one node and waits until its /healthz answers with its ID, on the Redis store, reachable. */
export async function startNode(options: NodeOptions): Promise<ClusterNode> {
  const port = options.port ?? (await freePort());
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry ?? join(root, 'server', 'realtime.ts')], {
    cwd: root,
    env: {
      ...process.env,
      ...(options.defaults ?? TEST_NODE_ENV),
      ...options.env,
      PORT: String(port),
      HOST: host,
      CONVENE_REDIS_URL: options.redisUrl,
      CONVENE_NODE_ID: options.nodeID,
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    if (options.echo) for (const line of chunk.toString().split('\n')) if (line.trim()) options.echo(line);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const node: ClusterNode = {
    nodeID: options.nodeID,
    port,
    url,
    child,
    output: () => log,
    health: () => fetchHealth(url),
    async kill9() {
      signal(child, 'SIGKILL');
      await exited(child);
    },
    pause: () => void signal(child, 'SIGSTOP'),
    resume: () => void signal(child, 'SIGCONT'),
    async terminate() {
      signal(child, 'SIGTERM');
      await exited(child);
    },
    stop: () => stopChild(child),
  };
  try {
    await waitUntil(
      `node ${options.nodeID} on ${url}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${log.slice(-2000)}`);
        const health = await node.health();
        return health.nodeID === options.nodeID && health.store === 'redis' && health.storeReachable && health;
      },
      options.entry ? 120_000 : 30_000,
      100,
    );
  } catch (error) {
    await node.stop();
    throw error;
  }
  return node;
}

export interface Cluster {
  nodes: ClusterNode[];
  /** Starts another node (a replacement, or one more) on the same Redis. */
  add(nodeID: string, env?: Record<string, string>): Promise<ClusterNode>;
  stop(): Promise<void>;
}

/** N nodes named `<prefix>1…<prefix>N` on one Redis, started one after the other (2 cores). */
export async function startCluster(
  redisUrl: string,
  n: number,
  env: Record<string, string> = {},
  prefix = 'n',
): Promise<Cluster> {
  const nodes: ClusterNode[] = [];
  const cluster: Cluster = {
    nodes,
    async add(nodeID, extra = {}) {
      const node = await startNode({ nodeID, redisUrl, env: { ...env, ...extra } });
      nodes.push(node);
      return node;
    },
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
  try {
    for (let i = 1; i <= n; i++) await cluster.add(`${prefix}${i}`);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
