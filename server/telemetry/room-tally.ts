/**
 * Which rooms the operations page lists. The RoomEvents hook names the rooms this node saw
 * created or entered; the store says what each is now (name, members, whether it still exists),
 * so member counts are the cluster's and a room destroyed by another node drops out at the next
 * look. A cluster-wide list of every room needs a room listing in the store.
 */
import type { OpsRoom } from '../../lib/protocol/ops.ts';
import type { RoomEvents } from '../rooms/room-events.ts';
import type { Session } from '../rooms/sessions.ts';
import type { RoomStore } from '../store/types.ts';

/** Rooms looked up in the store per snapshot at most (the newest first). */
const LOOKUPS = 1000;

export class RoomTally {
  /** roomID → when this node first saw it, newest last. */
  private readonly seen = new Map<string, number>();

  constructor(
    events: RoomEvents,
    private readonly store: RoomStore,
    private readonly now: () => number,
  ) {
    const note = ({ roomID }: { roomID: string }) => {
      if (!this.seen.has(roomID)) this.seen.set(roomID, now());
    };
    events.on('roomCreated', note);
    events.on('memberJoined', note);
    events.on('roomDestroyed', ({ roomID }) => void this.seen.delete(roomID));
  }

  /** The busiest rooms first (then the newest), at most `limit`, as the store has them now. */
  async busiest(limit: number): Promise<OpsRoom[]> {
    const ids = [...this.seen.keys()].slice(-LOOKUPS);
    const rooms = await Promise.all(
      ids.map(async (roomID): Promise<OpsRoom | undefined> => {
        const meta = await this.store.getRoom(roomID);
        if (!meta) {
          this.seen.delete(roomID); // destroyed where this node did not see it
          return undefined;
        }
        return {
          roomID,
          roomName: meta.roomName,
          memberCount: await this.store.countMembers(roomID),
          createdAt: meta.createdAt,
        };
      }),
    );
    return rooms
      .filter((r): r is OpsRoom => r !== undefined)
      .sort((a, b) => b.memberCount - a.memberCount || b.createdAt - a.createdAt)
      .slice(0, limit);
  }
}

/** Room memberships held by this node's sessions: a user counts once per room, however many tabs. */
export function memberships(sessions: Iterable<Session>): number {
  const pairs = new Set<string>();
  for (const session of sessions)
    for (const roomID of session.rooms) pairs.add(`${roomID}\u0000${session.user.userID}`);
  return pairs.size;
}
