// Preloaded into the soak and fuzz servers (node --expose-gc --import …): SIGUSR2 runs a full
// garbage collection, so the run's RSS after everyone left is measured after one, as the baseline is.
process.on('SIGUSR2', () => globalThis.gc?.());
