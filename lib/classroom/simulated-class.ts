/**
 * The demo class's simulated students, per room, in this server process. Bounded: at most
 * SIMULATED_MAX per room and MAX_SIMULATED_IN_PROCESS in all, so a demo cannot grow without end.
 * Kept on globalThis, as Next may load this module once per route bundle.
 */
import { randomBytes } from 'node:crypto';
import { SIMULATED_MAX } from './class-keys.ts';
import { HttpError } from './http-error.ts';
import { STUDENT_NAMES } from './simulated-lines.ts';
import { SimulatedStudent, type StudentTimings } from './simulated-student.ts';

export const MAX_SIMULATED_IN_PROCESS = 200;

export class SimulatedClasses {
  private readonly rooms = new Map<string, Set<SimulatedStudent>>();
  private total = 0;
  private serial = 0;

  constructor(private readonly timings?: StudentTimings) {}

  /** Students in a room right now. */
  count(roomID: string): number {
    return this.rooms.get(roomID)?.size ?? 0;
  }

  /** Adds up to `count` students (fewer when a cap is near); resolves once they have joined. */
  async add(server: string, roomID: string, hostID: string, count: number): Promise<number> {
    const room = this.rooms.get(roomID) ?? new Set<SimulatedStudent>();
    const roomFree = SIMULATED_MAX - room.size;
    const processFree = MAX_SIMULATED_IN_PROCESS - this.total;
    const n = Math.min(count, roomFree, processFree);
    if (n <= 0) {
      throw new HttpError(
        429,
        roomFree <= 0
          ? `This class already has ${SIMULATED_MAX} simulated students`
          : 'Too many simulated students on this server',
      );
    }
    this.rooms.set(roomID, room);
    const batch = randomBytes(3).toString('hex');
    const students: SimulatedStudent[] = [];
    for (let i = 0; i < n; i++) {
      const index = this.serial++;
      const student: SimulatedStudent = new SimulatedStudent({
        server,
        roomID,
        hostID,
        userID: `sim-${batch}-${i + 1}`,
        userName: `${STUDENT_NAMES[index % STUDENT_NAMES.length]} (sim)`,
        timings: this.timings,
        onGone: () => this.forget(roomID, student),
      });
      room.add(student);
      this.total++;
      students.push(student);
    }
    const results = await Promise.allSettled(students.map((s) => s.start()));
    const joined = results.filter((r) => r.status === 'fulfilled').length;
    if (joined === 0) {
      const first = results.find((r) => r.status === 'rejected');
      const reason =
        first?.status === 'rejected' && first.reason instanceof Error ? first.reason.message : 'unknown error';
      throw new HttpError(502, `The simulated students could not join: ${reason}`);
    }
    return joined;
  }

  /** Every student leaves (tests, shutdown). */
  async clear(): Promise<void> {
    const all = [...this.rooms.values()].flatMap((room) => [...room]);
    await Promise.all(all.map((s) => s.leave()));
  }

  private forget(roomID: string, student: SimulatedStudent): void {
    const room = this.rooms.get(roomID);
    if (!room?.delete(student)) return;
    this.total--;
    if (room.size === 0) this.rooms.delete(roomID);
  }
}

const KEY = Symbol.for('convene.simulatedClasses');

/** The process's one registry. */
export function simulatedClasses(): SimulatedClasses {
  const holder = globalThis as { [KEY]?: SimulatedClasses };
  return (holder[KEY] ??= new SimulatedClasses());
}
