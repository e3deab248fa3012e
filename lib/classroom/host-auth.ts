/**
 * Who is calling the app's backend, and whether they run the class. The browser sends its Convene
 * token (HS256, signed with the token secret); the handler checks it by the same rules as the
 * realtime server (lib/protocol/tokens.ts) and asks the server API who created the room.
 */
import { ZIMErrorCode } from '../protocol/errors.ts';
import { checkToken } from '../protocol/tokens.ts';
import type { AppEnv } from './app-env.ts';
import { HttpError } from './http-error.ts';
import type { ServerApi, ServerRoom } from './server-api.ts';

/** The userID the request's `Authorization: Bearer <Convene token>` was issued for. */
export async function callerOf(request: Request, env: AppEnv): Promise<string> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new HttpError(401, 'Sign in first: the request carries no Convene token');
  if (!env.tokenSecret) throw new HttpError(503, 'Host controls are off: the app backend has no token secret');
  try {
    return (await checkToken(env.tokenSecret, match[1])).sub;
  } catch (error) {
    const expired = (error as { code?: unknown }).code === ZIMErrorCode.TokenExpired;
    throw new HttpError(401, expired ? 'The token has expired; sign in again' : 'The token is not valid');
  }
}

/**
 * The room, if the caller is its host; 404 for a missing room, 403 for anyone else. The host is
 * the room's creator as the realtime server recorded it: the `host` attribute only tells members'
 * apps who that is, and any member could overwrite it with isForce, so it grants nothing.
 */
export async function requireHost(api: ServerApi, roomID: string, callerID: string): Promise<ServerRoom> {
  const room = await api.getRoom(roomID);
  if (!room) throw new HttpError(404, 'The room does not exist (any more)');
  if (!room.creatorUserID || room.creatorUserID !== callerID)
    throw new HttpError(403, 'Only the host of this class can do that');
  return room;
}
