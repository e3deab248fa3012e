/**
 * The realtime server's API (SPEC 12) as the app's backend calls it: Bearer server secret, JSON.
 * Server-side only: the secret must never reach a browser.
 */
import { ZIMMessageType, type ServerApiKickResult } from '../protocol/client.ts';
import { readAppEnv, type AppEnv } from './app-env.ts';
import { HttpError } from './http-error.ts';

export interface ServerRoom {
  roomID: string;
  roomName: string;
  roomAttributes: Record<string, string>;
  /** Who created the room, as the realtime server recorded it ('' for a server-made room). */
  creatorUserID: string;
}

export interface ServerApi {
  /** The room with its attributes, or null when it does not exist. */
  getRoom(roomID: string): Promise<ServerRoom | null>;
  /** Resolves with the users taken out (those not in the room are left out). */
  kick(roomID: string, userIDs: string[], reason: string): Promise<string[]>;
  /** A Text message from the server (sender `@server`) to every member. */
  announce(roomID: string, text: string): Promise<void>;
  destroy(roomID: string): Promise<void>;
  setAttributes(roomID: string, roomAttributes: Record<string, string>): Promise<void>;
}

export function serverApi(env: AppEnv = readAppEnv()): ServerApi {
  if (!env.serverURL || !env.serverSecret) {
    throw new HttpError(503, 'Host controls are off: the app backend has no server URL or server secret');
  }
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${env.serverURL}/api/server${path}`, {
        method,
        headers: {
          authorization: `Bearer ${env.serverSecret}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new HttpError(
        502,
        `The realtime server cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return response;
  };
  const expectOk = async (response: Response, what: string): Promise<void> => {
    if (response.ok) return;
    if (response.status === 404) throw new HttpError(404, 'The room does not exist (any more)');
    const detail = (await response.json().catch(() => undefined)) as { message?: unknown; code?: unknown } | undefined;
    const message = typeof detail?.message === 'string' ? detail.message : `HTTP ${response.status}`;
    throw new HttpError(502, `${what} failed: ${message}`, typeof detail?.code === 'number' ? detail.code : 0);
  };
  const room = (roomID: string) => `/rooms/${encodeURIComponent(roomID)}`;

  return {
    async getRoom(roomID) {
      const response = await call('GET', room(roomID));
      if (response.status === 404) return null;
      await expectOk(response, 'Reading the room');
      return parseRoom(await response.json(), roomID);
    },
    async kick(roomID, userIDs, reason) {
      const response = await call('POST', `${room(roomID)}/kick`, { userIDs, reason });
      await expectOk(response, 'Removing the member');
      const body = (await response.json().catch(() => ({}))) as Partial<ServerApiKickResult>;
      return Array.isArray(body.kickedUserIDs) ? body.kickedUserIDs : [];
    },
    async announce(roomID, text) {
      const message = { type: ZIMMessageType.Text, message: text, extendedData: '' };
      await expectOk(await call('POST', `${room(roomID)}/messages`, { message }), 'Telling the class');
    },
    async destroy(roomID) {
      await expectOk(await call('DELETE', room(roomID)), 'Ending the class');
    },
    async setAttributes(roomID, roomAttributes) {
      await expectOk(await call('PUT', `${room(roomID)}/attributes`, { roomAttributes }), 'Setting the attributes');
    },
  };
}

/** Reads the room answer; its attributes may sit at the top or under `room`. */
function parseRoom(body: unknown, roomID: string): ServerRoom {
  const outer = (body ?? {}) as Record<string, unknown>;
  const data = (outer.room && typeof outer.room === 'object' ? outer.room : outer) as Record<string, unknown>;
  const attributes = data.roomAttributes && typeof data.roomAttributes === 'object' ? data.roomAttributes : {};
  const roomAttributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) if (typeof value === 'string') roomAttributes[key] = value;
  return {
    roomID: typeof data.roomID === 'string' ? data.roomID : roomID,
    roomName: typeof data.roomName === 'string' ? data.roomName : '',
    roomAttributes,
    creatorUserID: typeof data.creatorUserID === 'string' ? data.creatorUserID : '',
  };
}
