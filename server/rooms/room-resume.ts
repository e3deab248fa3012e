/**
 * A session resuming (on this node or another): which rooms it still holds, each as it sees it on
 * entering, and what it missed of each on the node it dropped from, replayed from the store's log
 * (held with its other pushes until it goes live).
 */
import type { ResumedSession, ZIMMessage } from '../../lib/protocol/index.ts';
import { callerOf, type RoomDeps } from './context.ts';
import { seenBy } from './room-messages.ts';
import { roomEntered } from './room-ops.ts';
import type { Session } from './sessions.ts';

/** A room the client lists on resume, with the last message it has of it. */
export interface ListedRoom {
  roomID: string;
  lastMessageID?: string | undefined;
}

/** A resuming session's messages of one room after its last one (`after`). */
export interface Replay {
  after: number;
  messages: ZIMMessage[];
}

/**
 * The rooms the session holds now, each as on entering. A room the client listed with its last
 * messageID comes without history (what it missed is replayed after the answer); any other, a
 * room it listed without one or one it did not know (a page reload), with its last page.
 */
export async function resumeRooms(
  deps: RoomDeps,
  session: Session,
  listed: readonly ListedRoom[],
): Promise<ResumedSession> {
  const { store, feed } = deps;
  const replayed = new Set(listed.filter((r) => r.lastMessageID !== undefined).map((r) => r.roomID));
  const rooms = [];
  const roomIDs = new Set([...session.rooms, ...(await store.sessionRooms(session.sessionID))]);
  for (const roomID of roomIDs) {
    const known = feed.sessionsIn(roomID).includes(session.sessionID);
    if (!known) await feed.beginEntry(roomID);
    const result = await store.inRoom(callerOf(session), roomID, !replayed.has(roomID)).catch((error: unknown) => {
      if (!known) feed.endEntry(roomID);
      throw error;
    });
    if (!result) {
      if (!known) feed.endEntry(roomID);
      session.rooms.delete(roomID);
      continue;
    }
    session.rooms.add(roomID);
    const entered = roomEntered(result, result.messages && seenBy(session, result.messages));
    if (!known) {
      feed.endEntry(roomID, { sessionID: session.sessionID, seq: result.seq, answer: () => undefined });
      await replayMissed(deps, session, roomID, result.seq);
    }
    rooms.push(entered);
  }
  return { rooms };
}

/** Events of the room the session missed on the node it dropped from (buffered until it goes live). */
async function replayMissed(deps: RoomDeps, session: Session, roomID: string, upTo: number): Promise<void> {
  const after = session.seen?.[roomID];
  if (after === undefined || after >= upTo) return;
  const events = await deps.store.eventsAfter(roomID, after).catch(() => undefined);
  if (events) deps.feed.replay(session.sessionID, events, after, upTo);
}

/** What a resuming session missed: per room it holds and gave its last messageID for, the kept messages after that one. */
export async function missedMessages(
  deps: RoomDeps,
  session: Session,
  listed: readonly ListedRoom[],
): Promise<Map<string, Replay>> {
  const replay = new Map<string, Replay>();
  for (const { roomID, lastMessageID } of listed) {
    if (lastMessageID === undefined || !session.rooms.has(roomID)) continue;
    const after = Number(lastMessageID);
    const messages = await deps.store.history(roomID, {
      count: deps.config.historySize,
      fromSeq: after,
      reverse: true,
    });
    replay.set(roomID, { after, messages });
  }
  return replay;
}
