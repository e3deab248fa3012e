/**
 * npm run soak — many real clients doing random room work against the real server (its own
 * process, so its memory and a crash show), then everyone leaves and the server's state is checked.
 *
 *   npm run soak -- [--minutes 3] [--cycles 3] [--clients 500] [--store memory|redis] [--workers 2]
 *                   [--rate 1] [--rooms N] [--grace-ms 3000] [--warmup 20] [--seed N]
 *                   [--heap-snapshots DIR]
 *
 * Clients (spread over --workers processes) each call at --rate calls/s on average: enterRoom,
 * joinRoom, leaveRoom, switchRoom, leaveAllRoom, sendMessage, setRoomAttributes, a drop without
 * leaving (TCP socket destroyed) then a reconnect with the same sessionID after 0…1.5× the grace
 * period, and malformed calls (bench/malformed.ts). The --minutes of work are split into --cycles
 * rounds in the same server; each round ends with the clients stopping, what each believes its
 * session holds compared with the server API's member lists (no ghost, nobody missing), then most
 * leaving (leaveAllRoom, logout) and some just dropping, and once the grace period and destroy
 * delays passed: no room left, the gauges at 0. Memory after a full GC: the heap in use back to its
 * baseline ±10 % after every round, RSS not climbing from the first round to the last; the server
 * alive with no error-level log line and nothing alarming on stderr, and exit 0 on SIGTERM.
 * Prints the figures; exit code 1 on any violation.
 */
import { mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { benchArgs, runCheck } from './args.ts';
import { f, int } from './report.ts';
import { mib, runSoak, type SoakOptions, type SoakReport } from './soak-run.ts';

export { runSoak };

export function printSoak(r: SoakReport): void {
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(46)}${value}`);
  const o = r.options;
  console.log(
    `\nsoak: ${int(o.clients)} clients × ${o.cycles} round(s), ${f(o.seconds / 60, 1)} min of work, ${o.store} store, ${o.rate} calls/client/s, ${o.rooms} rooms, grace ${o.graceMs} ms`,
  );
  console.log('ops done');
  const ops = Object.entries(r.stats.ops).sort((a, b) => b[1] - a[1]);
  for (const [k, v] of ops) row(k, int(v));
  row('total', int(ops.reduce((n, [, v]) => n + v, 0)));
  row('room messages delivered', int(r.stats.deliveries));
  row(
    'reconnects that kept their rooms / found none',
    `${int(r.stats.resumedWithRooms)} / ${int(r.stats.resumedEmpty)}`,
  );
  console.log('errors answered (call code), top 20');
  for (const [k, v] of Object.entries(r.stats.errors)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20))
    row(k, int(v));
  console.log('server');
  row('CPU during the rounds (% of a core)', f(r.serverCpuPct, 0));
  const { start, baseline, peakRss } = r.memory;
  row('RSS start / baseline / peak (MiB)', `${mib(start.rss)} / ${mib(baseline.rss)} / ${mib(peakRss)}`);
  row('heap used start / baseline (MiB)', `${mib(start.heapUsed)} / ${mib(baseline.heapUsed)}`);
  for (const c of r.cycles) {
    row(
      `${c.label}: heap used after (MiB, × baseline)`,
      `${mib(c.memoryAfter.heapUsed)} (${f(c.memoryAfter.heapUsed / baseline.heapUsed, 3)}×)`,
    );
    row(
      `${c.label}: RSS after (MiB, × baseline)`,
      `${mib(c.memoryAfter.rss)} (${f(c.memoryAfter.rss / baseline.rss, 3)}×)`,
    );
  }
  const spaces = (m: { heapSpaces: Record<string, number> }) =>
    Object.entries(m.heapSpaces)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${mib(v)}`)
      .join(', ');
  row('heap by space at the baseline (MiB)', spaces(baseline));
  const lastCycle = r.cycles[r.cycles.length - 1];
  if (lastCycle) row('heap by space after the last round (MiB)', spaces(lastCycle.memoryAfter));
  row('log lines by event', JSON.stringify(r.logTally));
  row('exit code on SIGTERM', String(r.exitCode));
  console.log('invariants');
  for (const c of r.cycles) {
    row(`${c.label}: rooms / members listed at the quiet point`, `${c.roomsListed} / ${c.membersListed}`);
    row(`${c.label}: ghost / missing members`, `${c.ghosts.length} / ${c.missing.length}`);
    row(`${c.label}: clients with an unanswered call`, String(c.uncertainClients));
    row(`${c.label}: empty after everyone left (s)`, f(c.emptyAfterMs / 1000));
  }
  row('malformed calls accepted', String(r.stats.malformedAccepted));
  row('unanswered calls', String(r.stats.timeouts));
  row('connections the server closed', String(r.stats.serverDisconnects));
  console.log(
    r.violations.length
      ? `FAIL: ${r.violations.length} violation(s)\n  - ${r.violations.join('\n  - ')}`
      : 'PASS: no violation',
  );
}

function options(): SoakOptions {
  const { flag, num, store: readStore } = benchArgs();
  const store = readStore();
  const clients = Math.floor(num('clients', 500));
  return {
    seconds: num('minutes', 3) * 60,
    cycles: Math.floor(num('cycles', 3)),
    clients,
    store,
    workers: Math.floor(num('workers', 2)),
    rate: num('rate', 1),
    rooms: Math.floor(num('rooms', Math.max(5, Math.round(clients / 5)))),
    warmupSeconds: Number(flag('warmup', '20')),
    graceMs: Math.floor(num('grace-ms', 3000)),
    maxDestroyDelayS: 2,
    memoryTolerance: 0.1,
    seed: Math.floor(num('seed', Date.now() % 1_000_000)),
    heapSnapshotDir: flag('heap-snapshots', '') || undefined,
    log: (line) => console.log(`  [soak] ${line}`),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const o = options();
  if (o.heapSnapshotDir) await mkdir(o.heapSnapshotDir, { recursive: true });
  console.log(`  [soak] seed ${o.seed}`);
  runCheck('soak', () => runSoak(o), printSoak);
}
