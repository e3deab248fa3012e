/**
 * Rooms and their members as the RoomEvents hook reports them, for the operations page and the
 * member gauge. Exact for one node; with a shared store each node sees only the facts it made,
 * so the cluster view will come from the store's room listing (SPEC 12) once it exists.
 */
import type { OpsRoom } from '../../lib/protocol/ops.ts';
import type { RoomEvents } from '../rooms/room-events.ts';

interface TalliedRoom {
  roomName: string;
  createdAt: number;
  members: Set<string>;
}

export class RoomTally {
  private readonly rooms = new Map<string, TalliedRoom>();
  private memberships = 0;

  constructor(events: RoomEvents, now: () => number) {
    events.on('roomCreated', ({ roomID, roomName }) => {
      if (!this.rooms.has(roomID)) this.rooms.set(roomID, { roomName, createdAt: now(), members: new Set() });
    });
    events.on('roomDestroyed', ({ roomID }) => {
      this.memberships -= this.rooms.get(roomID)?.members.size ?? 0;
      this.rooms.delete(roomID);
    });
    events.on('memberJoined', ({ roomID, userID }) => {
      const room = this.rooms.get(roomID);
      if (room && !room.members.has(userID)) {
        room.members.add(userID);
        this.memberships++;
      }
    });
    events.on('memberLeft', ({ roomID, userID }) => {
      if (this.rooms.get(roomID)?.members.delete(userID)) this.memberships--;
    });
  }

  /** Room memberships: a user in a room counts once, however many of its sessions are there. */
  get memberCount(): number {
    return this.memberships;
  }

  get roomCount(): number {
    return this.rooms.size;
  }

  /** The busiest rooms first (then the newest), at most `limit`. */
  busiest(limit: number): OpsRoom[] {
    return [...this.rooms]
      .map(([roomID, r]) => ({ roomID, roomName: r.roomName, memberCount: r.members.size, createdAt: r.createdAt }))
      .sort((a, b) => b.memberCount - a.memberCount || b.createdAt - a.createdAt)
      .slice(0, limit);
  }
}
