/**
 * The fuzz run's inputs and outputs (bench/fuzz.ts): its options (FuzzOptions, read from the
 * command line by fuzzOptions), the report of a run (FuzzReport) with every figure and violation,
 * and printFuzz, which prints that report as a table followed by PASS or FAIL.
 */
import { CLIENT_EVENTS } from '../lib/protocol/index.ts';
import { benchArgs } from './args.ts';
import { f, int } from './report.ts';

export interface FuzzOptions {
  count: number;
  connections: number;
  /** Calls per second per connection (and the server's CONVENE_CALL_RATE). */
  rate: number;
  store: 'memory' | 'redis';
  seed: number;
  log: (line: string) => void;
}

export interface FuzzReport {
  options: Omit<FuzzOptions, 'log'>;
  sent: number;
  sentByKind: Record<string, number>;
  /** Malformed calls per client event (unknown events not counted here). */
  sentByEvent: Record<string, number>;
  /** The client events (CLIENT_EVENTS) that got at least one malformed call. */
  eventsCovered: string[];
  withoutAck: number;
  answersByCode: Record<string, number>;
  unanswered: number;
  accepted: string[];
  reconnects: number;
  seconds: number;
  good: { sent: number; delivered: number; lost: number; duplicated: number; reordered: number; otherPushes: string[] };
  stateBefore: string;
  stateAfter: string;
  serverCpuPct: number;
  rss: { before: number; peak: number; after: number };
  logTally: Record<string, number>;
  exitCode: number | null;
  violations: string[];
}

export function printFuzz(r: FuzzReport): void {
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)}${value}`);
  const o = r.options;
  console.log(
    `\nfuzz: ${int(r.sent)} malformed requests from ${o.connections} connections at ${o.rate}/s each, ${o.store} store, seed ${o.seed}`,
  );
  row('requests sent (with ack / without)', `${int(r.sent)} (${int(r.sent - r.withoutAck)} / ${int(r.withoutAck)})`);
  row('time (s) / rate (req/s)', `${f(r.seconds)} / ${int(r.sent / r.seconds)}`);
  console.log('sent by kind');
  for (const [k, v] of Object.entries(r.sentByKind).sort((x, y) => y[1] - x[1])) row(k, int(v));
  row(
    'client events covered',
    `${r.eventsCovered.length} of ${CLIENT_EVENTS.length}: ${Object.entries(r.sentByEvent)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log('answers by error code');
  for (const [k, v] of Object.entries(r.answersByCode).sort((x, y) => y[1] - x[1])) row(k, int(v));
  row('accepted (must be 0)', int(r.accepted.length));
  row('unanswered (must be 0)', int(r.unanswered));
  row('reconnects after the server closed a connection', int(r.reconnects));
  console.log('good pair');
  row('messages sent / delivered', `${int(r.good.sent)} / ${int(r.good.delivered)}`);
  row('lost / duplicated / out of order', `${r.good.lost} / ${r.good.duplicated} / ${r.good.reordered}`);
  row('other pushes to anyone (must be 0)', int(r.good.otherPushes.length));
  console.log('server');
  row('CPU during the fuzz (% of a core)', f(r.serverCpuPct, 0));
  row(
    'RSS before / peak / after (MiB)',
    `${f(r.rss.before / 2 ** 20)} / ${f(r.rss.peak / 2 ** 20)} / ${f(r.rss.after / 2 ** 20)}`,
  );
  row('state before = after (rooms, members, attributes)', String(r.stateBefore === r.stateAfter));
  row('log lines by event', JSON.stringify(r.logTally));
  row('exit code on SIGTERM', String(r.exitCode));
  console.log(
    r.violations.length
      ? `FAIL: ${r.violations.length} violation(s)\n  - ${r.violations.join('\n  - ')}`
      : 'PASS: no violation',
  );
}

export function fuzzOptions(): FuzzOptions {
  const args = benchArgs();
  const num = (name: string, fallback: number) => Math.floor(args.num(name, fallback));
  const store = args.store();
  return {
    count: num('count', 100_000),
    connections: num('connections', 4),
    rate: num('rate', 1000),
    store,
    seed: num('seed', Date.now() % 1_000_000),
    log: (line) => console.log(`  [fuzz] ${line}`),
  };
}
