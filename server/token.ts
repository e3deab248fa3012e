/**
 * Tokens are HS256 JWTs `{ sub: userID, iat, exp }` signed with the server's secret, so an app's
 * own backend can issue them with any JWT library. The server issues them only in demo mode.
 */
import { createHmac } from 'node:crypto';
import type { TokenClaims } from '../lib/protocol/index.ts';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

/** `extra` claims (nbf, aud, name, avatar, ext) go in as given; tests also override iat or exp. */
export function issueToken(
  secret: string,
  userID: string,
  ttlSeconds: number,
  nowMs = Date.now(),
  extra: Record<string, unknown> = {},
): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: TokenClaims & Record<string, unknown> = { sub: userID, iat, exp: iat + ttlSeconds, ...extra };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${sign(secret, body)}`;
}

/** The rules every token is held to (shared with the app's backend): lib/protocol/tokens.ts. */
export { checkToken, TOKEN_RULES, type CheckedToken } from '../lib/protocol/tokens.ts';
