/**
 * The operations page's sessions, kept by the web app's backend: the server secret someone typed
 * stays here, in this process's memory, and the browser holds only a random session ID in an
 * HTTP-only cookie (never the secret, never page storage). A restart signs everyone out.
 */
export const COOKIE = 'convene_ops';
/** A sign-in lasts a working day. */
export const SESSION_SECONDS = 8 * 3600;

interface OpsSession {
  secret: string;
  expiresAt: number;
}

const sessions = new Map<string, OpsSession>();

export function openSession(secret: string): string {
  sweep();
  const id = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  sessions.set(id, { secret, expiresAt: Date.now() + SESSION_SECONDS * 1000 });
  return id;
}

/** The secret behind a session cookie, if the session is still open. */
export function sessionSecret(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const session = sessions.get(id);
  if (!session || session.expiresAt <= Date.now()) {
    sessions.delete(id ?? '');
    return undefined;
  }
  return session.secret;
}

export function closeSession(id: string | undefined): void {
  if (id) sessions.delete(id);
}

function sweep(): void {
  const now = Date.now();
  for (const [id, session] of sessions) if (session.expiresAt <= now) sessions.delete(id);
}

/** Failed sign-ins per minute, for the whole app: guessing a secret is slowed to a crawl. */
const FAILURES_PER_MINUTE = 10;
let failures: number[] = [];

export function tooManyFailures(): boolean {
  const since = Date.now() - 60_000;
  failures = failures.filter((at) => at > since);
  return failures.length >= FAILURES_PER_MINUTE;
}

export function noteFailure(): void {
  failures.push(Date.now());
}
