/**
 * `npm run bench -- --sweep 50,100,200,400`: the highest room-wide rate each server holds with
 * p99 ≤ 100 ms and nothing lost. Rates go up in the order given; at each one the servers still
 * holding run in turn (alternating which goes first), one run each; a server drops out at the
 * first rate it does not hold.
 */
import type { Options } from './room-broadcast.ts';
import type { Target } from './ipc.ts';
import { f, int, table } from './report.ts';
import { runBroadcast, type Setup } from './run.ts';
import type { RunSummary } from './stats.ts';

/** What "holds" means: every message delivered, and p99 within this, in ms. */
export const SWEEP_P99_MS = 100;

const holds = (run: RunSummary) => run.lost === 0 && run.p99 <= SWEEP_P99_MS;

export async function runSweep(o: Options, rates: number[], setupOf: (target: Target) => Setup): Promise<void> {
  const held: Partial<Record<Target, number>> = {};
  let holding = [...o.targets];
  for (const [i, rate] of rates.entries()) {
    if (holding.length === 0) break;
    console.log(`\n--- ${int(rate)} msg/s room-wide (${int(rate * o.members)} deliveries/s offered) ---`);
    const runs: Record<string, RunSummary> = {};
    const order = i % 2 === 0 ? holding : [...holding].reverse();
    for (const target of order) {
      runs[target] = await runBroadcast(setupOf(target), { ...o, rate }, 1);
      await new Promise((r) => setTimeout(r, 1000));
    }
    table(runs);
    holding = holding.filter((target) => {
      const ok = holds(runs[target]!);
      if (ok) held[target] = rate;
      console.log(
        `  ${target}: ${ok ? 'holds' : 'does not hold'} (p99 ${f(runs[target]!.p99, 0)} ms, lost ${int(runs[target]!.lost)})`,
      );
      return ok;
    });
  }
  console.log(`\nHighest room-wide rate held (p99 ≤ ${SWEEP_P99_MS} ms, 0 lost), of ${rates.join(', ')} msg/s:`);
  for (const target of o.targets)
    console.log(`  ${target}: ${held[target] === undefined ? 'none' : `${int(held[target])} msg/s`}`);
  const [convene, plain] = [held.convene, held.plain];
  if (convene !== undefined && plain !== undefined) console.log(`  convene ÷ plain: ${f(convene / plain, 2)}×`);
}
