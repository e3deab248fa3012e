/**
 * The server secret (CONVENE_SERVER_SECRET) guards what only whoever runs the server may read or
 * do: metrics, the operations data, the server API. No secret set: all of it is refused.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the request carries `Authorization: Bearer <secret>` (compared in constant time). */
export function carriesServerSecret(secret: string, req: IncomingMessage): boolean {
  if (!secret) return false;
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  // Digests have one length, so the comparison says nothing about the secret's length either.
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(secret));
}
