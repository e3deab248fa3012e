/**
 * What the app keeps in sessionStorage (per tab, like the SDK's own session ID): who is signed in,
 * so a reload signs in again and the SDK restores the rooms (their names come with them).
 */
import type { ZIMUserInfo } from '../protocol/client.ts';

const USER_KEY = 'convene:user';

function storage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    return undefined;
  }
}

function read<T>(key: string, check: (value: unknown) => value is T): T | undefined {
  try {
    const raw = storage()?.getItem(key);
    if (!raw) return undefined;
    const value: unknown = JSON.parse(raw);
    return check(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === undefined) storage()?.removeItem(key);
    else storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: the app works, a reload just asks to sign in again.
  }
}

const isUser = (v: unknown): v is ZIMUserInfo =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ZIMUserInfo).userID === 'string' &&
  typeof (v as ZIMUserInfo).userName === 'string';

export const savedSession = {
  user: (): ZIMUserInfo | undefined => read(USER_KEY, isUser),
  saveUser: (user: ZIMUserInfo | undefined) => write(USER_KEY, user),
};
