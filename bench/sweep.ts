/**
 * `npm run bench -- --sweep 50,100,200,400`: the highest room-wide rate each server holds with
 * p99 ≤ 100 ms and nothing lost. Rates go up in the order given; at each one the servers still
 * holding run in turn, `--rounds` runs each (default 2, alternating which goes first), and a
 * server holds the rate when no run lost anything and the median of its runs' p99 is within
 * the limit (one run alone swings ±30 % on this machine, as the broadcast figures do); it drops
 * out at the first rate it does not hold.
 */
import type { Options } from './room-broadcast.ts';
import type { Target } from './ipc.ts';
import { f, int, table } from './report.ts';
import { runBroadcast, type Setup } from './run.ts';
import type { RunSummary } from './stats.ts';

/** What "holds" means: every message delivered, and p99 within this, in ms. */
export const SWEEP_P99_MS = 100;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Whether a server's runs at one rate hold it: nothing lost in any, the median p99 in the limit. */
export function holds(runs: readonly RunSummary[]): boolean {
  return runs.every((run) => run.lost === 0) && median(runs.map((run) => run.p99)) <= SWEEP_P99_MS;
}

export async function runSweep(o: Options, rates: number[], setupOf: (target: Target) => Setup): Promise<void> {
  const held: Partial<Record<Target, number>> = {};
  let holding = [...o.targets];
  for (const [i, rate] of rates.entries()) {
    if (holding.length === 0) break;
    console.log(`\n--- ${int(rate)} msg/s room-wide (${int(rate * o.members)} deliveries/s offered) ---`);
    const runs: Record<string, RunSummary[]> = {};
    for (let round = 1; round <= o.rounds; round++) {
      const order = (i + round) % 2 === 1 ? holding : [...holding].reverse();
      for (const target of order) {
        (runs[target] ??= []).push(await runBroadcast(setupOf(target), { ...o, rate }, round));
        await new Promise((r) => setTimeout(r, 1000));
      }
      table(Object.fromEntries(Object.entries(runs).map(([target, list]) => [target, list[list.length - 1]!])));
    }
    holding = holding.filter((target) => {
      const list = runs[target]!;
      const ok = holds(list);
      if (ok) held[target] = rate;
      const p99s = list.map((run) => f(run.p99, 1)).join(', ');
      const lost = list.reduce((sum, run) => sum + run.lost, 0);
      console.log(
        `  ${target}: ${ok ? 'holds' : 'does not hold'} (p99 ${p99s} ms, median ${f(median(list.map((run) => run.p99)), 1)}; lost ${int(lost)})`,
      );
      return ok;
    });
  }
  console.log(
    `\nHighest room-wide rate held (median p99 of ${o.rounds} run(s) ≤ ${SWEEP_P99_MS} ms, 0 lost), of ${rates.join(', ')} msg/s:`,
  );
  for (const target of o.targets)
    console.log(`  ${target}: ${held[target] === undefined ? 'none' : `${int(held[target])} msg/s`}`);
  const [convene, plain] = [held.convene, held.plain];
  if (convene !== undefined && plain !== undefined) console.log(`  convene ÷ plain: ${f(convene / plain, 2)}×`);
}
