/**
 * Tokens are HS256 JWTs `{ sub: userID, iat, exp }` signed with the server's secret, so an app's
 * own backend can issue them with any JWT library.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ZIMErrorCode, zimError, type TokenClaims } from '../lib/protocol/index.ts';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

export function issueToken(secret: string, userID: string, ttlSeconds: number, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: TokenClaims = { sub: userID, iat, exp: iat + ttlSeconds };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${sign(secret, body)}`;
}

/** Checks the token for `userID`; throws the ZIMError that names what is wrong. */
export function verifyToken(secret: string, token: string | undefined, userID: string, nowMs = Date.now()): TokenClaims {
  if (!token) throw zimError(ZIMErrorCode.TokenMissing, 'A token is required to log in');
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || !signature) {
    throw zimError(ZIMErrorCode.TokenInvalid, 'The token is malformed');
  }
  const expected = Buffer.from(sign(secret, `${header}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw zimError(ZIMErrorCode.TokenInvalid, 'The token signature is not valid');
  }
  let claims: Partial<TokenClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TokenClaims>;
  } catch {
    throw zimError(ZIMErrorCode.TokenInvalid, 'The token payload is not JSON');
  }
  if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
    throw zimError(ZIMErrorCode.TokenInvalid, 'The token lacks sub or exp');
  }
  if (claims.exp * 1000 <= nowMs) throw zimError(ZIMErrorCode.TokenExpired, 'The token has expired');
  if (claims.sub !== userID) throw zimError(ZIMErrorCode.TokenUserMismatch, 'The token was issued for another userID');
  return { sub: claims.sub, exp: claims.exp, iat: claims.iat ?? 0 };
}
