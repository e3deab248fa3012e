/** What the connection is wired to: the SDK's events, its rooms and the pushes of each socket. */
import type { Emitter } from './emitter.ts';
import type { RoomRegistry } from './room-registry.ts';
import type { ZIMSocket } from './wire.ts';

export interface ConnectionDeps {
  events: Emitter<unknown>;
  rooms: RoomRegistry;
  /** Binds the server's room pushes to each new socket. */
  bindPushes: (socket: ZIMSocket) => void;
  /** The session ended (logout, kick, refusal): forget per-session state kept elsewhere. */
  onEnded: () => void;
}
