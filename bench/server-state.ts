/**
 * What the server holds, as its own API tells (SPEC 12, `/api/server/…` with the server secret)
 * and its /metrics: every room with its members and attributes, and the gauges. For the soak and
 * fuzz runs' checks; also the server process's health (exit, stderr, error-level log lines).
 */
import { parseMetrics, valueOf, type LogLine } from '../test/helpers/metrics-text.ts';
import { rssBytes, type ServerProcess } from '../test/helpers/server-process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RoomState {
  roomID: string;
  roomName: string;
  memberCount: number;
  destroyAt: number | null;
  members: string[];
  roomAttributes: Record<string, string>;
}

async function get<T>(url: string, secret: string, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${secret}` } });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as T };
}

/** Every room, in roomID order, with its members (join order) and attributes. A room gone between the pages is left out. */
export async function snapshot(url: string, secret: string): Promise<RoomState[]> {
  const rooms: RoomState[] = [];
  let nextFlag = '';
  do {
    const page = await get<{ rooms: Omit<RoomState, 'members' | 'roomAttributes'>[]; nextFlag: string }>(
      url,
      secret,
      `/api/server/rooms?count=100&nextFlag=${encodeURIComponent(nextFlag)}`,
    );
    if (page.status !== 200) throw new Error(`GET /api/server/rooms: ${page.status} ${JSON.stringify(page.body)}`);
    for (const room of page.body.rooms) {
      const members: string[] = [];
      let flag = '';
      let gone = false;
      do {
        const m = await get<{ memberList: { userID: string }[]; nextFlag: string }>(
          url,
          secret,
          `/api/server/rooms/${encodeURIComponent(room.roomID)}/members?count=100&nextFlag=${encodeURIComponent(flag)}`,
        );
        if (m.status === 404) {
          gone = true;
          break;
        }
        if (m.status !== 200) throw new Error(`members of ${room.roomID}: ${m.status}`);
        members.push(...m.body.memberList.map((u) => u.userID));
        flag = m.body.nextFlag;
      } while (flag);
      const detail = await get<{ roomAttributes: Record<string, string> }>(
        url,
        secret,
        `/api/server/rooms/${encodeURIComponent(room.roomID)}`,
      );
      if (gone || detail.status === 404) continue;
      rooms.push({
        roomID: room.roomID,
        roomName: room.roomName,
        memberCount: room.memberCount,
        destroyAt: room.destroyAt,
        members,
        roomAttributes: detail.body.roomAttributes,
      });
    }
    nextFlag = page.body.nextFlag;
  } while (nextFlag);
  return rooms;
}

export interface Gauges {
  connections: number;
  sessions: number;
  rooms: number;
  roomMembers: number;
  messages: number;
  /** V8 heap in use (what the server still holds, unlike RSS, which keeps pages after a peak). */
  heapUsed: number;
  /** Heap in use per V8 space (old, new, code, large_object, …), to tell state kept from compiled code. */
  heapSpaces: Record<string, number>;
  errorsByCode: Record<string, number>;
}

export async function gauges(url: string, secret: string): Promise<Gauges> {
  const m = await get<string>(url, secret, '/metrics');
  if (m.status !== 200) throw new Error(`/metrics: ${m.status}`);
  const samples = parseMetrics(m.body);
  const errorsByCode: Record<string, number> = {};
  for (const s of samples)
    if (s.name === 'convene_errors_total')
      errorsByCode[s.labels.code ?? '?'] = (errorsByCode[s.labels.code ?? '?'] ?? 0) + s.value;
  return {
    connections: valueOf(samples, 'convene_connections'),
    sessions: valueOf(samples, 'convene_sessions'),
    rooms: valueOf(samples, 'convene_rooms'),
    roomMembers: valueOf(samples, 'convene_room_members'),
    messages: valueOf(samples, 'convene_messages_total'),
    heapUsed: valueOf(samples, 'nodejs_heap_size_used_bytes'),
    heapSpaces: Object.fromEntries(
      samples
        .filter((s) => s.name === 'nodejs_heap_space_size_used_bytes')
        .map((s) => [s.labels.space ?? '?', s.value]),
    ),
    errorsByCode,
  };
}

/** Problems of the server process so far: an exit, an error-level log line, anything on stderr that looks like a fault. */
export function processFaults(server: ServerProcess): string[] {
  const faults: string[] = [];
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null)
    faults.push(`the server exited (code ${child.exitCode}, signal ${child.signalCode})`);
  const bad = server.lines.filter((l: LogLine) => l.level >= 50);
  if (bad.length) faults.push(`${bad.length} error-level log line(s), first: ${JSON.stringify(bad[0]).slice(0, 400)}`);
  const stderr = server.stderr();
  if (/unhandled|uncaught|error|exception/i.test(stderr)) faults.push(`stderr: ${stderr.slice(0, 400)}`);
  return faults;
}

/** Log lines by `event` (and `name` for bound_hit), e.g. `bound_hit RateLimited`. */
export function logTally(lines: readonly LogLine[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const l of lines) {
    const key = `${l.event ?? '?'}${typeof l.name === 'string' && l.name ? ` ${l.name}` : ''}`;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}

export interface MemoryReading {
  rss: number;
  heapUsed: number;
  heapSpaces: Record<string, number>;
}

/** Memory after a full GC (SIGUSR2 to the preloaded bench/gc-on-signal.mjs) and a settle. */
export async function settledMemory(server: ServerProcess, secret: string, settleMs: number): Promise<MemoryReading> {
  await sleep(settleMs);
  for (let i = 0; i < 2; i++) {
    if (server.child.pid !== undefined) process.kill(server.child.pid, 'SIGUSR2');
    await sleep(500);
  }
  const g = await gauges(server.url, secret);
  return { rss: rssBytes(server.child.pid), heapUsed: g.heapUsed, heapSpaces: g.heapSpaces };
}
