/**
 * A duplicated browser tab copies sessionStorage, and with it the session ID: both tabs would then
 * be one session, and the newer connection would push the older tab out. So before reusing a
 * stored ID, a tab asks the other tabs of this origin whether one of them holds it live; if one
 * answers, it starts a session of its own. A reload is unaffected: the page it replaces is gone
 * and answers nobody.
 */
import { forgetSessionID, takeSessionID } from './ids.ts';

const CHANNEL = 'convene:sessions';
/** How long a tab waits for another to say it holds the ID. Same-origin messages take ~1 ms. */
const ANSWER_WAIT_MS = 60;

type Message = { ask: string } | { held: string };

/** Only where session IDs are kept in sessionStorage (browsers); Node has no tabs to ask. */
function channel(): BroadcastChannel | undefined {
  try {
    if (typeof globalThis.sessionStorage === 'undefined' || typeof BroadcastChannel === 'undefined') return undefined;
    return new BroadcastChannel(CHANNEL);
  } catch {
    return undefined;
  }
}

/** Answers other tabs' questions about `sessionID` until the returned function is called. */
export function holdSessionID(sessionID: string): () => void {
  const ch = channel();
  if (!ch) return () => undefined;
  ch.onmessage = (e: MessageEvent<Message>) => {
    if ('ask' in e.data && e.data.ask === sessionID) ch.postMessage({ held: sessionID } satisfies Message);
  };
  return () => ch.close();
}

/** The stored session ID of this tab, unless another live tab holds it; then a new one. */
export async function claimSessionID(userID: string, persist: boolean): Promise<string> {
  const stored = takeSessionID(userID, persist);
  const ch = persist ? channel() : undefined;
  if (!ch) return stored;
  const held = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ANSWER_WAIT_MS);
    ch.onmessage = (e: MessageEvent<Message>) => {
      if ('held' in e.data && e.data.held === stored) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    ch.postMessage({ ask: stored } satisfies Message);
  });
  ch.close();
  if (!held) return stored;
  forgetSessionID(userID);
  return takeSessionID(userID, persist);
}
