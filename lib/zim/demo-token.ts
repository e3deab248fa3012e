/** Demo mode: a login without a token asks the realtime server itself for one. */
import { ZIMConnectionEvent, ZIMError, ZIMErrorCode, isZIMErrorInfo } from '../protocol/client.ts';

/** A token request that failed; `unreachable` tells a network failure from a refusal. */
export class TokenRequestError extends ZIMError {
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(ZIMErrorCode.LoginFailed, message);
  }
}

export async function fetchDemoToken(server: string, userID: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${server}/api/token?userID=${encodeURIComponent(userID)}`);
  } catch (err) {
    throw new TokenRequestError(`Cannot reach ${server} for a token: ${describe(err)}`, true);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    // The endpoint answers `{ code, message }`; pass its message on, the code stays LoginFailed.
    const message = isZIMErrorInfo(body) ? body.message : `HTTP ${response.status}`;
    throw new TokenRequestError(`Token request refused: ${message}`, false);
  }
  const token = (body as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token === '') {
    throw new TokenRequestError('Token request answered without a token', false);
  }
  return token;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How a first login that could not get its token (or session ID) ends: a timeout when the server is unreachable. */
export function loginFailure(err: unknown): { event: ZIMConnectionEvent; error: ZIMError } {
  const unreachable = err instanceof TokenRequestError && err.unreachable;
  const error = err instanceof ZIMError ? err : new ZIMError(ZIMErrorCode.LoginFailed, String(err));
  return { event: unreachable ? ZIMConnectionEvent.LoginTimeout : ZIMConnectionEvent.KickedOut, error };
}
