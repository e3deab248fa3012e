/**
 * GET /api/token?userID=… in demo mode: a token for anyone, so the app runs with no backend. Only
 * the app's own pages (and clients that send no Origin) get one, unless CONVENE_ALLOWED_ORIGINS
 * lists other origins: any page a user visits could otherwise mint tokens on a LAN demo server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { userIDSchema, ZIMErrorCode } from '../../lib/protocol/index.ts';
import type { ServerConfig } from '../config.ts';
import { issueToken } from '../token.ts';
import { sendJson } from './json.ts';
import { isOwnOrigin, originAllowed } from './security.ts';

export function answerDemoToken(config: ServerConfig, req: IncomingMessage, url: URL, res: ServerResponse): void {
  if (!config.demoTokens) {
    return sendJson(res, 404, {
      code: ZIMErrorCode.LoginFailed,
      message: 'Demo tokens are off; ask your app backend for a token',
    });
  }
  if (!originAllowed(config, req)) {
    return sendJson(res, 403, {
      code: ZIMErrorCode.LoginFailed,
      message: `Demo tokens are not given to pages of ${req.headers.origin}`,
    });
  }
  const userID = userIDSchema.safeParse(url.searchParams.get('userID') ?? '');
  if (!userID.success) {
    return sendJson(res, 400, {
      code: ZIMErrorCode.InvalidParameter,
      message: `Invalid userID: ${userID.error.issues[0]?.message ?? ''}`,
    });
  }
  // A listed origin reads the answer through CORS; the app's own pages need no header.
  const origin = req.headers.origin;
  const cors: Record<string, string> =
    origin && !isOwnOrigin(origin, req) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
  sendJson(res, 200, { token: issueToken(config.tokenSecret, userID.data, config.demoTokenTtlSeconds) }, cors);
}
