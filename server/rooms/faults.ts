/**
 * Where the room core reports a failure that has no caller to answer (a timer's work, a failing
 * listener): to every server's log in this process (each server adds its own reporter and removes
 * it on close), or to stderr while none is there (a core without a server around it).
 */
export type FaultReporter = (what: string, error: unknown) => void;

const reporters = new Set<FaultReporter>();

/** Adds a reporter; returns its removal. */
export function onFault(reporter: FaultReporter): () => void {
  reporters.add(reporter);
  return () => void reporters.delete(reporter);
}

export function reportFault(what: string, error: unknown): void {
  if (reporters.size === 0) return console.error(`[convene] ${what} failed`, error);
  for (const report of reporters) {
    try {
      report(what, error);
    } catch {
      // A failing reporter has nowhere left to report to.
    }
  }
}
