/**
 * A connection's session in the store. One still being ended (its grace period ran out, its
 * leaves under way) is not taken back half-ended: the connection waits, then opens a new session
 * of that ID. The end may be this node's (tracked in `closing` from the moment its due work
 * arrives), another node's, or this node's whose due work is still on its way from the store
 * (the store marks the session as ending before the node hears of it): then it asks again.
 */
import { ZIMErrorCode, zimError, type ZIMUserInfo } from '../../lib/protocol/index.ts';
import type { OpenSessionResult, RoomStore } from '../store/types.ts';
import type { Session } from './sessions.ts';

/** A session being ended elsewhere is asked for this often, this far apart, before the connection gives up. */
const ENDING_ATTEMPTS = 100;
const ENDING_RETRY_MS = 50;

export async function openInStore(
  store: RoomStore,
  sessions: ReadonlyMap<string, Session>,
  closing: ReadonlyMap<string, Promise<void>>,
  sessionID: string,
  user: ZIMUserInfo,
): Promise<Exclude<OpenSessionResult, { ending: true }>> {
  for (let attempt = 1; ; attempt++) {
    await closing.get(sessionID);
    const local = sessions.get(sessionID);
    if (local && local.user.userID !== user.userID) {
      throw zimError(ZIMErrorCode.LoginFailed, 'This session belongs to another user');
    }
    const opened = await store.openSession({ sessionID, user: local?.user ?? user });
    if (!('ending' in opened)) return opened;
    if (attempt >= ENDING_ATTEMPTS) {
      throw zimError(ZIMErrorCode.RoomError, 'The session is still being ended; retry in a moment');
    }
    if (!closing.has(sessionID)) await new Promise((resolve) => setTimeout(resolve, ENDING_RETRY_MS).unref());
  }
}
