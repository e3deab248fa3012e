/**
 * The one place the room core's pushes leave through. The gateway implements it over Socket.IO;
 * unit tests record what goes through it. Addresses are sessions and rooms, never sockets.
 */
import type { Replay } from './room-resume.ts';
import type {
  ServerEventName,
  ServerPayload,
  ZIMEventOfConnectionStateChangedResult,
} from '../../lib/protocol/index.ts';

export interface Outbox {
  toSession<E extends ServerEventName>(sessionID: string, event: E, data: ServerPayload<E>): void;
  /** Every session in the room but those in `exceptSessionIDs`. */
  toRoom<E extends ServerEventName>(
    roomID: string,
    event: E,
    data: ServerPayload<E>,
    exceptSessionIDs?: readonly string[],
  ): void;
  /** The session now receives the room's broadcasts. */
  subscribe(sessionID: string, roomID: string): void;
  unsubscribe(sessionID: string, roomID: string): void;
  /** Tells the session why it ends, then closes its connection. */
  endSession(sessionID: string, reason: ZIMEventOfConnectionStateChangedResult): void;
  /** Closes the session's connection as a network failure would: the client reconnects and resumes. */
  dropConnection(sessionID: string): void;
  /** Before a resume is answered: the kept room state changes of rooms the client still knows. */
  sendStateChanges(sessionID: string, known: ReadonlySet<string>): void;
  /** After it: what the session missed, by the resume plan (rooms/resume-plan.ts), then live. */
  goLive(sessionID: string, known: ReadonlySet<string>, replay: ReadonlyMap<string, Replay>): void;
  /** The session is gone for good: drop anything kept for it. */
  forget(sessionID: string): void;
}
