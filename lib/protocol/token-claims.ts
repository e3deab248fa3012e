/** The claims a Convene token carries (an HS256 JWT). Read by the SDK for tokenWillExpire. */
export interface TokenClaims {
  /** The userID the token is for. */
  sub: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  iat: number;
}

function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Reads the claims without checking the signature (only the server can do that). */
export function readTokenClaims(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1])) as Partial<TokenClaims>;
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return undefined;
    return { sub: claims.sub, exp: claims.exp, iat: typeof claims.iat === 'number' ? claims.iat : 0 };
  } catch {
    return undefined;
  }
}
