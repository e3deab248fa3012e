/** A soak tally with nothing counted yet: a worker's own, or the sum of all workers'. */
import type { SoakStats } from './soak-worker.ts';

export function emptySoakStats(): SoakStats {
  return {
    ops: {},
    errors: {},
    timeouts: 0,
    malformedAccepted: 0,
    malformedSamples: [],
    internalErrors: 0,
    deliveries: 0,
    resumedWithRooms: 0,
    resumedEmpty: 0,
    serverDisconnects: 0,
    connectFailures: 0,
  };
}
