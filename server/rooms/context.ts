/** What every part of the room core shares: the store, the outbox, time and settings. */
import { ZIMErrorCode, zimError } from '../../lib/protocol/index.ts';
import type { ServerConfig } from '../config.ts';
import type { RoomStore } from '../store/types.ts';
import type { Clock } from './clock.ts';
import type { RoomFact } from '../store/types.ts';
import type { Outbox } from './outbox.ts';
import type { RoomEvents } from './room-events.ts';
import type { RoomFeed } from './room-feed.ts';
import type { Session } from './sessions.ts';
import { reportFault } from './faults.ts';

export interface RoomDeps {
  store: RoomStore;
  outbox: Outbox;
  clock: Clock;
  config: ServerConfig;
  /** Facts for webhooks, logs and metrics. */
  events: RoomEvents;
  /** Delivers the store's room events to this node's sessions. */
  feed: RoomFeed;
}

/** Reports the facts of a store step to RoomEvents' listeners (once, on this node). */
export function reportFacts(events: RoomEvents, facts: readonly RoomFact[]): void {
  for (const { type, ...data } of facts) events.emit(type, data);
}

/** The store's caller for a session. */
export const callerOf = (session: Session) => ({ sessionID: session.sessionID, user: session.user });

/** Answers the call; an entry's answer reaches its session before the room's next events. */
export type Reply<T> = (result: T) => void;

export function requireRoomOfSession(session: Session, roomID: string): void {
  if (!session.rooms.has(roomID)) {
    throw zimError(ZIMErrorCode.NotInRoom, `You are not in room "${roomID}"`);
  }
}

/** Throws when the session ended while its call was under way. */
export function requireOpen(session: Session): void {
  if (session.closed) throw zimError(ZIMErrorCode.NotLoggedIn, 'This session has ended; log in again');
}

/** Runs background work (a timer's) so that a failure is logged, never an unhandled rejection. */
export function inBackground(what: string, work: Promise<unknown>): void {
  work.catch((error: unknown) => reportFault(what, error));
}
