/**
 * What sessions without a live connection miss. A session whose connection is gone (grace
 * period) or not yet resumed has its own pushes and those of its rooms kept, in order, at most
 * BUFFER_LIMIT (the oldest go first), until it resumes; resume-plan.ts orders what it then gets.
 */
import type { Push } from './pushes.ts';

/** Pushes kept for one absent session at most; older ones are dropped first. */
export const BUFFER_LIMIT = 10_000;

export class AbsentSessions {
  /** sessionID → what it missed, oldest first. */
  private readonly kept = new Map<string, Push[]>();
  /** roomID → its sessions that are absent. */
  private readonly byRoom = new Map<string, Set<string>>();

  has(sessionID: string): boolean {
    return this.kept.has(sessionID);
  }

  /** From now on the session's pushes, and those of `rooms`, are kept for it. */
  begin(sessionID: string, rooms: Iterable<string>): void {
    if (!this.kept.has(sessionID)) this.kept.set(sessionID, []);
    for (const roomID of rooms) this.addRoom(sessionID, roomID);
  }

  /** A room the absent session is now in (entered before it resumed): its pushes are kept too. */
  addRoom(sessionID: string, roomID: string): void {
    if (!this.kept.has(sessionID)) return;
    let absent = this.byRoom.get(roomID);
    if (!absent) this.byRoom.set(roomID, (absent = new Set()));
    absent.add(sessionID);
  }

  removeRoom(sessionID: string, roomID: string): void {
    const absent = this.byRoom.get(roomID);
    absent?.delete(sessionID);
    if (absent?.size === 0) this.byRoom.delete(roomID);
  }

  /** A push for the session: kept if it is absent (true), else the caller sends it (false). */
  keepForSession(sessionID: string, push: Push): boolean {
    const kept = this.kept.get(sessionID);
    if (kept) this.keep(kept, push);
    return kept !== undefined;
  }

  /** A push to a room: kept for each of its absent sessions but those in `except`. */
  keepForRoom(roomID: string, push: Push, except: readonly string[]): void {
    for (const sessionID of this.byRoom.get(roomID) ?? []) {
      const kept = this.kept.get(sessionID);
      if (kept && !except.includes(sessionID)) this.keep(kept, push);
    }
  }

  /** Takes out the kept room state changes of rooms in `known`; the rest stays kept, in order. */
  takeStateChanges(sessionID: string, known: ReadonlySet<string>): Push[] {
    const kept = this.kept.get(sessionID);
    if (!kept) return [];
    const taken = kept.filter((p) => p.event === 'roomStateChanged' && p.roomID !== undefined && known.has(p.roomID));
    this.kept.set(
      sessionID,
      kept.filter((p) => !taken.includes(p)),
    );
    return taken;
  }

  /** The session is live again, or gone: returns what was kept for it and keeps nothing more. */
  end(sessionID: string, rooms: Iterable<string>): Push[] {
    const kept = this.kept.get(sessionID) ?? [];
    this.kept.delete(sessionID);
    for (const roomID of rooms) this.removeRoom(sessionID, roomID);
    return kept;
  }

  private keep(kept: Push[], push: Push): void {
    kept.push(push);
    if (kept.length > BUFFER_LIMIT) kept.shift();
  }
}
