/** Messages between the benchmark's orchestrator and its child processes (IPC, advanced serialization). */

export type Target = 'convene' | 'plain';

/** What one client worker connects and joins. */
export interface WorkerJob {
  target: Target;
  url: string;
  roomID: string;
  userPrefix: string;
  /** Number of receiving connections this worker opens. */
  count: number;
  /** Connections being opened at once. */
  concurrency: number;
  /** Highest sequence number + 1 the sender may use (sizes the per-receiver bitmaps). */
  maxMessages: number;
  /** Senders (message `seq` comes from sender `seq mod senders`): order is checked per sender. */
  senders: number;
  /** Members per room (--idle): connection i joins `<roomID>-<userPrefix><i div roomSize>`; unset: all join roomID. */
  roomSize?: number;
}

export interface WorkerStats {
  receivers: number;
  /** Message pushes received (a coalesced push carries several deliveries). */
  pushes: number;
  deliveries: number;
  distinct: number;
  lost: number;
  duplicated: number;
  /** Deliveries behind an earlier one of the same sender, or (Convene) not after the previous messageID. */
  reordered: number;
  /** Deliveries that were not a benchmark message (or had an out-of-range sequence). */
  unexpected: number;
  disconnects: number;
  /** Wall-clock ms (performance.timeOrigin + now) of the first and last delivery. */
  firstAt: number;
  lastAt: number;
  /** This worker's CPU (user + system) from the send phase's start to its stats, in µs. */
  cpuUs: number;
  /** Size of the first push's payload as JSON, in bytes (what each receiver decodes per delivery). */
  payloadBytes: number;
  /** One latency in ms per delivery (duplicates included). */
  latencies: Float64Array;
}

export type ToWorker =
  | { kind: 'job'; job: WorkerJob }
  /** The send phase starts: CPU is counted from here. */
  | { kind: 'mark' }
  | { kind: 'finish'; expected: number; drainMs: number };

export type FromWorker =
  | { kind: 'ready'; connected: number; failed: number; firstError?: string }
  | { kind: 'stats'; stats: WorkerStats }
  | { kind: 'fatal'; error: string };

/**
 * `cpu`: report CPU used so far; `profile`: start / stop a CPU profile (written to BENCH_PROFILE_DIR);
 * `memory`: RSS and V8 heap in use after a full GC (the server runs with --expose-gc for it).
 */
export type ToServer = { kind: 'cpu' } | { kind: 'profile'; action: 'start' | 'stop' } | { kind: 'memory' };
export type FromServer =
  | { kind: 'listening'; url: string }
  | { kind: 'cpu'; userUs: number; systemUs: number; rssBytes: number }
  | { kind: 'memory'; rssBytes: number; heapUsedBytes: number; gc: boolean }
  | { kind: 'profile'; file?: string };

/** Wall-clock time in ms with sub-ms precision, comparable between processes of one machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/** Message text: `<seq>|<sentAt ms>|<padding>`; warm-up messages (not measured) start with `w`. */
export function encodeText(seq: number, sentAt: number, bytes: number, warmup = false): string {
  const head = `${warmup ? 'w' : ''}${seq}|${sentAt.toFixed(3)}|`;
  return head.length >= bytes ? head : head + 'x'.repeat(bytes - head.length);
}

export function decodeText(text: unknown): { seq: number; sentAt: number } | 'warmup' | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.startsWith('w')) return 'warmup';
  const a = text.indexOf('|');
  const b = text.indexOf('|', a + 1);
  if (a <= 0 || b <= a) return undefined;
  const seq = Number(text.slice(0, a));
  const sentAt = Number(text.slice(a + 1, b));
  return Number.isInteger(seq) && Number.isFinite(sentAt) ? { seq, sentAt } : undefined;
}

/** Ends this child when its parent goes away, so nothing outlives the benchmark. */
export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(0));
}

/** A server child's side of the IPC: answers `cpu` and `profile`, exits with its parent or on SIGTERM. */
export function serveControl(label: string): (message: FromServer) => void {
  const send = (message: FromServer) => void process.send?.(message);
  let profiler: import('node:inspector').Session | undefined;
  process.on(
    'message',
    (message: ToServer) =>
      void (async () => {
        if (message.kind === 'cpu') {
          const cpu = process.cpuUsage();
          send({ kind: 'cpu', userUs: cpu.user, systemUs: cpu.system, rssBytes: process.memoryUsage().rss });
        } else if (message.kind === 'memory') {
          const gc = (globalThis as { gc?: () => void }).gc;
          gc?.();
          gc?.();
          const { rss, heapUsed } = process.memoryUsage();
          // BENCH_SNAPSHOT_DIR: a heap snapshot at each reading too, to see what a connection holds.
          const dir = process.env.BENCH_SNAPSHOT_DIR;
          if (dir) (await import('node:v8')).writeHeapSnapshot(`${dir}/${label}-${Date.now()}.heapsnapshot`);
          send({ kind: 'memory', rssBytes: rss, heapUsedBytes: heapUsed, gc: gc !== undefined });
        } else if (message.kind === 'profile') {
          const dir = process.env.BENCH_PROFILE_DIR;
          if (!dir) return send({ kind: 'profile' });
          const { Session } = await import('node:inspector');
          const post = (method: string) =>
            new Promise<unknown>((resolve, reject) =>
              profiler?.post(method, (error, result) => (error ? reject(error) : resolve(result))),
            );
          if (message.action === 'start') {
            profiler = new Session();
            profiler.connect();
            await post('Profiler.enable');
            await post('Profiler.start');
            return send({ kind: 'profile' });
          }
          const result = (await post('Profiler.stop')) as { profile: unknown };
          const { mkdirSync, writeFileSync } = await import('node:fs');
          mkdirSync(dir, { recursive: true });
          const file = `${dir}/${label}-${process.pid}.cpuprofile`;
          writeFileSync(file, JSON.stringify(result.profile));
          send({ kind: 'profile', file });
        }
      })(),
  );
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  return send;
}
