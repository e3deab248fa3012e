/** Random IDs and the browser-persisted session ID. Web APIs only, so Node and browsers share it. */

/** 16 random bytes, base64url: unguessable, and fits the handshake's `sessionID` pattern. */
export function randomID(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const storageKey = (userID: string) => `convene:session:${userID}`;

/** sessionStorage is per tab, which is what a session is; touching it can throw in sandboxed frames. */
function storage(): Storage | undefined {
  try {
    return typeof globalThis.sessionStorage === 'undefined' ? undefined : globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The stored session ID of this tab for `userID`, or a new one (stored when `persist`). */
export function takeSessionID(userID: string, persist: boolean): string {
  const store = persist ? storage() : undefined;
  try {
    const stored = store?.getItem(storageKey(userID));
    if (stored && SESSION_ID_PATTERN.test(stored)) return stored;
    const fresh = randomID();
    store?.setItem(storageKey(userID), fresh);
    return fresh;
  } catch {
    return randomID();
  }
}

/** Forgets the stored session, so the next login starts a new one instead of resuming. */
export function forgetSessionID(userID: string): void {
  try {
    storage()?.removeItem(storageKey(userID));
  } catch {
    // Storage unavailable: nothing was stored either.
  }
}
