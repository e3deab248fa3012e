/**
 * The token rules of SPEC 1, in one place for the realtime server's handshake and renewal and for
 * the app's own backend (host controls). A token is an HS256 JWT `{ sub, iat, exp }`, optionally
 * with `nbf`, `aud: "convene"` and profile claims (`name`, `avatar`, `ext`). jose checks the
 * signature, `exp` and `nbf`; the rules it leaves to its caller (a future `iat`, the longest
 * lifetime, the audience, the profile claims) are checked here.
 */
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { ZIMErrorCode, zimError } from './errors.ts';
import { byteLength, LIMITS } from './rules.ts';

export const TOKEN_RULES = {
  /** Clock skew allowed between the issuer and this server, in seconds. */
  skewSeconds: 60,
  /** Default longest lifetime (`exp - iat`) a server accepts, in seconds: 7 days. */
  maxLifetimeSeconds: 7 * 24 * 3600,
  /** Shortest secret a server starts with, in bytes (HS256 wants at least its hash size). */
  minSecretBytes: 32,
  audience: 'convene',
} as const;

/** What a checked token vouches for: the user, its times, and any profile the issuer set. */
export interface CheckedToken {
  sub: string;
  iat: number;
  exp: number;
  /** Profile claims, when present: they win over what the client says about itself. */
  profile: { userName?: string; userAvatarUrl?: string; userExtendedData?: string };
}

export interface TokenCheck {
  /** The userID the connection claims; another token's `sub` fails 6000105. */
  userID?: string;
  maxLifetimeSeconds?: number;
  /** Now, in ms (tests pass a fixed time). */
  nowMs?: number;
}

const encoder = new TextEncoder();
const invalid = (message: string) => zimError(ZIMErrorCode.TokenInvalid, message);

/** Checks `token`; throws the ZIMError (6000102–6000105) that names what is wrong. */
export async function checkToken(
  secret: string,
  token: string | undefined,
  check: TokenCheck = {},
): Promise<CheckedToken> {
  if (!token) throw zimError(ZIMErrorCode.TokenMissing, 'A token is required to log in');
  const nowMs = check.nowMs ?? Date.now();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
      clockTolerance: TOKEN_RULES.skewSeconds,
      currentDate: new Date(nowMs),
    }));
  } catch (error) {
    throw explain(error);
  }
  const now = Math.floor(nowMs / 1000);
  const { sub, exp, iat } = payload as { sub: string; exp: number; iat?: number };
  // The skew is for the issuer's clock running ahead (nbf, iat); an expiry is exact.
  if (exp * 1000 <= nowMs) throw zimError(ZIMErrorCode.TokenExpired, 'The token has expired');
  if (iat !== undefined && (typeof iat !== 'number' || iat > now + TOKEN_RULES.skewSeconds)) {
    throw invalid('The token is not valid yet (issued in the future)');
  }
  const maxLifetime = check.maxLifetimeSeconds ?? TOKEN_RULES.maxLifetimeSeconds;
  const lifetime = exp - (iat ?? now);
  if (lifetime > maxLifetime) {
    throw invalid(`The token lives ${lifetime} s; this server accepts at most ${maxLifetime} s`);
  }
  const aud = payload.aud;
  if (
    aud !== undefined &&
    !(aud === TOKEN_RULES.audience || (Array.isArray(aud) && aud.includes(TOKEN_RULES.audience)))
  ) {
    throw invalid(`The token is for another audience than "${TOKEN_RULES.audience}"`);
  }
  if (check.userID !== undefined && sub !== check.userID) {
    throw zimError(ZIMErrorCode.TokenUserMismatch, 'The token was issued for another userID');
  }
  return { sub, iat: iat ?? now, exp, profile: profileOf(payload) };
}

function profileOf(payload: JWTPayload): CheckedToken['profile'] {
  const profile: CheckedToken['profile'] = {};
  const { name, avatar, ext } = payload;
  if (name !== undefined) {
    if (typeof name !== 'string' || byteLength(name) > LIMITS.userNameBytes) {
      throw invalid(`The token's name claim must be text of at most ${LIMITS.userNameBytes} bytes`);
    }
    profile.userName = name;
  }
  if (avatar !== undefined) {
    if (typeof avatar !== 'string' || avatar.length > LIMITS.extendedDataLength) {
      throw invalid(`The token's avatar claim must be a URL of at most ${LIMITS.extendedDataLength} characters`);
    }
    profile.userAvatarUrl = avatar;
  }
  if (ext !== undefined) {
    if (typeof ext !== 'string' || ext.length > LIMITS.extendedDataLength) {
      throw invalid(`The token's ext claim must be text of at most ${LIMITS.extendedDataLength} characters`);
    }
    profile.userExtendedData = ext;
  }
  return profile;
}

function explain(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return zimError(ZIMErrorCode.TokenExpired, 'The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return invalid('The token is not valid yet (nbf)');
    if (error.reason === 'missing') return invalid(`The token lacks ${error.claim}`);
    return invalid(`The token's ${error.claim} claim is not valid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('The token signature is not valid');
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid('The token must be signed with HS256');
  return invalid('The token is malformed');
}
