// Preloaded into the soak and fuzz servers (node --expose-gc --import …): SIGUSR2 runs a full
// garbage collection, so the run's memory after everyone left is measured after one, as the
// baseline is. With CONVENE_HEAP_SNAPSHOT_DIR set, SIGWINCH writes a heap snapshot there (after a
// full GC), to see what a run left behind (compare two in Chromium's DevTools, Memory tab).
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';

process.on('SIGUSR2', () => globalThis.gc?.());
let snapshots = 0;
process.on('SIGWINCH', () => {
  const dir = process.env.CONVENE_HEAP_SNAPSHOT_DIR;
  if (!dir) return;
  globalThis.gc?.();
  writeHeapSnapshot(join(dir, `soak-${process.pid}-${++snapshots}.heapsnapshot`));
});
