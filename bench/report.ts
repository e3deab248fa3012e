/** The figures table and the PASS/FAIL verdict against the aim. */
import { combine, type RunSummary } from './stats.ts';

/** A run during which other processes used more than this (% of a core) is "noisy". */
export const NOISE_PCT = 25;
export const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
export const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');

/** `ratioOf`: the two rows whose ratio (first ÷ second) is printed in the last column. */
export function table(rows: Record<string, RunSummary>, ratioOf: [string, string] = ['convene', 'plain']): void {
  const names = Object.keys(rows);
  const line = (label: string, pick: (r: RunSummary) => string, ratio?: string) =>
    console.log(
      label.padEnd(26) +
        names.map((n) => pick(rows[n] as RunSummary).padStart(14)).join('') +
        (ratio ? ratio.padStart(16) : ''),
    );
  const c = rows[ratioOf[0]];
  const p = rows[ratioOf[1]];
  const ratio = (pick: (r: RunSummary) => number) => (c && p ? f(pick(c) / pick(p), 2) : '');
  line('', (r) => names.find((n) => rows[n] === r) ?? '', c && p ? `${ratioOf[0]}÷${ratioOf[1]}` : '');
  line(
    'deliveries/s',
    (r) => int(r.deliveriesPerS),
    ratio((r) => r.deliveriesPerS),
  );
  line('deliveries', (r) => int(r.deliveries));
  line('expected deliveries', (r) => int(r.expectedDeliveries));
  line(
    'latency p50 ms',
    (r) => f(r.p50, 2),
    ratio((r) => r.p50),
  );
  line(
    'latency p95 ms',
    (r) => f(r.p95, 2),
    ratio((r) => r.p95),
  );
  line(
    'latency p99 ms',
    (r) => f(r.p99, 2),
    ratio((r) => r.p99),
  );
  line('latency max ms', (r) => f(r.max, 1));
  line('latency mean ms', (r) => f(r.mean, 2));
  line('lost', (r) => int(r.lost));
  line('duplicated', (r) => int(r.duplicated));
  line('reordered', (r) => int(r.reordered));
  line('send errors', (r) => int(r.sendErrors));
  line('disconnects', (r) => int(r.disconnects));
  line('send+drain s', (r) => f(r.durationS, 2));
  line(
    'server CPU % of a core',
    (r) => f(r.serverCpuPct, 0),
    ratio((r) => r.serverCpuPct),
  );
  line(
    'server CPU µs/delivery',
    (r) => f(r.serverCpuUsPerDelivery, 2),
    ratio((r) => r.serverCpuUsPerDelivery),
  );
  line('client workers CPU %', (r) => f(r.workersCpuPct, 0));
  line('other processes CPU %', (r) => f(r.otherCpuPct, 0));
  line('payload bytes/push', (r) => int(r.payloadBytes));
  line('messages per push', (r) => f(r.deliveries / r.pushes, 2));
}

/** Prints the combined table(s) and the PASS/FAIL line for: Convene ≥ 0.9× plain deliveries/s at the same p99, nothing lost. */
export function verdict(runs: Record<string, RunSummary[]>): void {
  const rounds = Math.max(...Object.values(runs).map((v) => v.length));
  const all = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, combine(v)]));
  console.log(
    rounds > 1
      ? `\nAll ${rounds} rounds (counts summed; rates, latencies and CPU: median of the rounds; max: max):`
      : '',
  );
  table(all);
  // Rounds during which other processes took much CPU measure the machine, not the servers: when
  // each server has at least one quiet round, the speed verdict uses the quiet rounds only.
  const quietRuns = Object.fromEntries(
    Object.entries(runs).map(([k, v]) => [k, v.filter((r) => r.otherCpuPct <= NOISE_PCT)]),
  );
  const noisy = Object.entries(runs).flatMap(([k, v]) =>
    v.filter((r) => r.otherCpuPct > NOISE_PCT).map((r) => `${k} ${f(r.otherCpuPct, 0)} %`),
  );
  const useQuiet = noisy.length > 0 && Object.values(quietRuns).every((v) => v.length > 0);
  const speed = useQuiet ? Object.fromEntries(Object.entries(quietRuns).map(([k, v]) => [k, combine(v)])) : all;
  if (useQuiet) {
    console.log(
      `\nQuiet rounds only (other processes ≤ ${NOISE_PCT} % CPU; ${Object.entries(quietRuns)
        .map(([k, v]) => `${k}: ${v.length}`)
        .join(', ')}):`,
    );
    table(speed);
  }
  const c = speed.convene;
  const p = speed.plain;
  const lost = all.convene;
  if (c && p && lost) {
    const throughput = c.deliveriesPerS / p.deliveriesPerS;
    // "At the same p99": within 10 % of plain's, or within 2 ms (timer/scheduling noise at low latencies).
    const p99ok = c.p99 <= Math.max(p.p99 * 1.1, p.p99 + 2);
    const nothingLost = lost.lost === 0 && lost.sendErrors === 0;
    const pass = throughput >= 0.9 && p99ok && nothingLost;
    console.log(
      `\n${pass ? 'PASS' : 'FAIL'}: Convene ${f(throughput, 2)}× plain deliveries/s (aim ≥ 0.90), ` +
        `p99 ${f(c.p99, 2)} ms vs ${f(p.p99, 2)} ms (aim ≤ max(1.1×, +2 ms))${useQuiet ? ' [quiet rounds]' : ''}, ` +
        `lost ${lost.lost}, send errors ${lost.sendErrors} over all rounds (aim 0)` +
        (noisy.length && !useQuiet ? ' — UNRELIABLE: the machine was busy, see WARNING' : ''),
    );
    if (noisy.length) {
      console.log(
        `WARNING: other processes used > ${NOISE_PCT} % CPU during ${noisy.join(', ')}; ` +
          (useQuiet
            ? 'those rounds were left out of the speed verdict'
            : 'no quiet round for each server, so the verdict may reflect the machine — run again (--rounds 3)'),
      );
    }
    if (lost.duplicated || lost.reordered)
      console.log(`NOTE: Convene duplicated ${lost.duplicated}, reordered ${lost.reordered} (should be 0)`);
  }
}
