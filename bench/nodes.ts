/**
 * npm run bench -- --nodes 2: Convene scale-out in one run, on one redis-server started here.
 *  1. Broadcast: the same room workload (1000 members, one sender) against one node on Redis and
 *     against N nodes on Redis with the members spread over them and the sender on the first
 *     (rounds alternate the order). Prints the added p99 across nodes (aim ≤ 5 ms), the
 *     deliveries/s ratio and lost / duplicated / reordered (aim 0).
 *  2. Room calls per second (enterRoom + leaveRoom, 50 clients at once) on one node in memory,
 *     one node on Redis and N nodes on Redis.
 */
import { startRedis, type TestRedis } from '../test/helpers/redis.ts';
import { stop } from './children.ts';
import { f, int, table } from './report.ts';
import { roomCalls, type CallsResult } from './room-calls.ts';
import { runBroadcast, serverEnv, startServers, type BroadcastOptions, type Setup } from './run.ts';
import { combine, type RunSummary } from './stats.ts';

export interface NodesOptions extends BroadcastOptions {
  rounds: number;
  nodes: number;
  callsSeconds: number;
  callClients: number;
  /** Only the room-calls phase (--calls-only). */
  callsOnly: boolean;
}

const node = (redisUrl: string, i: number) => ({
  file: 'convene-server.ts',
  env: { CONVENE_REDIS_URL: redisUrl, CONVENE_NODE_ID: `n${i + 1}` },
});

function setups(redis: TestRedis, n: number): { one: Setup; many: Setup; memory: Setup } {
  return {
    one: { label: '1 node', protocol: 'convene', servers: [node(redis.url, 0)] },
    many: {
      label: `${n} nodes`,
      protocol: 'convene',
      servers: Array.from({ length: n }, (_, i) => node(redis.url, i)),
    },
    memory: {
      label: 'memory',
      protocol: 'convene',
      servers: [{ file: 'convene-server.ts', env: { CONVENE_REDIS_URL: '' } }],
    },
  };
}

async function broadcast(o: NodesOptions, redis: TestRedis, one: Setup, many: Setup): Promise<void> {
  console.log(
    `Broadcast: 1 room, ${o.members} members over ${o.workers} workers, spread over the nodes; ${o.senders === 1 ? '1 sender on the first node' : `${o.senders} senders spread over the nodes`} at ${o.rate} msg/s in all for ${o.seconds} s, ${o.rounds} round(s)\n`,
  );
  const runs: Record<string, RunSummary[]> = { [one.label]: [], [many.label]: [] };
  for (let round = 1; round <= o.rounds; round++) {
    for (const setup of round % 2 === 1 ? [one, many] : [many, one]) {
      await redis.command('FLUSHALL'); // every run starts on an empty Redis
      runs[setup.label]?.push(await runBroadcast(setup, o, round));
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const all = { [many.label]: combine(runs[many.label] ?? []), [one.label]: combine(runs[one.label] ?? []) };
  console.log(
    o.rounds > 1 ? `\nAll ${o.rounds} rounds (counts summed; rates, latencies, CPU: median of the rounds):` : '',
  );
  table(all, [many.label, one.label]);
  const m = all[many.label] as RunSummary;
  const s = all[one.label] as RunSummary;
  const added = m.p99 - s.p99;
  const faults =
    m.lost + m.duplicated + m.reordered + m.sendErrors + s.lost + s.duplicated + s.reordered + s.sendErrors;
  const noisy = [...(runs[one.label] ?? []), ...(runs[many.label] ?? [])].some((r) => r.otherCpuPct > 25);
  console.log(
    `\n${added <= 5 && faults === 0 ? 'PASS' : 'FAIL'}: across ${o.nodes} nodes p99 ${f(m.p99, 2)} ms vs ${f(s.p99, 2)} ms on one node: ` +
      `added ${f(added, 2)} ms (aim ≤ 5), deliveries/s ${f(m.deliveriesPerS / s.deliveriesPerS, 2)}×, ` +
      `lost ${m.lost + s.lost}, duplicated ${m.duplicated + s.duplicated}, reordered ${m.reordered + s.reordered}, send errors ${m.sendErrors + s.sendErrors} (aim 0)` +
      (noisy ? ' — other processes were busy during a round (see "other processes CPU %")' : ''),
  );
}

async function calls(o: NodesOptions, redis: TestRedis, list: Setup[]): Promise<void> {
  console.log(
    `\nRoom calls: ${o.callClients} clients at once, each enterRoom + leaveRoom in a loop over 10 shared rooms, ${o.callsSeconds} s per setup`,
  );
  const results: [string, CallsResult][] = [];
  for (const setup of list) {
    await redis.command('FLUSHALL');
    const { servers, urls } = await startServers(setup, serverEnv(o));
    try {
      results.push([setup.label, await roomCalls(urls, o.callClients, o.callsSeconds)]);
    } finally {
      await stop(servers);
    }
  }
  const base = results.find(([label]) => label === 'memory')?.[1];
  console.log(
    `${''.padEnd(12)}${'enter+leave/s'.padStart(15)}${'calls/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}${'÷ memory'.padStart(10)}`,
  );
  for (const [label, r] of results) {
    console.log(
      `${label.padEnd(12)}${int(r.pairsPerS).padStart(15)}${int(r.callsPerS).padStart(10)}${f(r.p50, 2).padStart(9)}${f(r.p99, 2).padStart(9)}` +
        `${String(r.errors).padStart(8)}${(base ? f(r.pairsPerS / base.pairsPerS, 2) : '').padStart(10)}${r.firstError ? `  (first error: ${r.firstError})` : ''}`,
    );
  }
}

export async function runNodes(o: NodesOptions): Promise<void> {
  const redis = await startRedis();
  console.log(`redis-server ${redis.url} (pid ${redis.pid}, no persistence); nodes: ${o.nodes}\n`);
  try {
    const { one, many, memory } = setups(redis, o.nodes);
    if (!o.callsOnly) await broadcast(o, redis, one, many);
    await calls(o, redis, [memory, one, many]);
  } finally {
    await redis.stop();
  }
}
