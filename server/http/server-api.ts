/**
 * The server API (SPEC 12): HTTP JSON under /api/server/ for an app's own backend, behind
 * `Authorization: Bearer <CONVENE_SERVER_SECRET>` (off, 404, when no secret is set). Requests are
 * parsed here (zod) and carried out by the room core's RoomAdmin; a failure answers
 * `{ code, message }` with a status, and nothing a request holds can throw past this file.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { ZIMError, ZIMErrorCode, parsePayload } from '../../lib/protocol/index.ts';
import type { ServerConfig } from '../config.ts';
import type { RoomService } from '../rooms/room-service.ts';
import { reportFault } from '../rooms/faults.ts';
import { carriesServerSecret } from '../server-secret.ts';
import { HttpError, readJson, sendJson } from './json.ts';
import {
  attributesBodySchema,
  createRoomBodySchema,
  kickBodySchema,
  messageBodySchema,
  pageQuerySchema,
  roomIDSchema,
} from './server-api-schemas.ts';

export const SERVER_API_PREFIX = '/api/server/';

interface Request {
  req: IncomingMessage;
  url: URL;
  roomID: string;
}
type Route = (r: Request, admin: RoomService) => Promise<[status: number, body: unknown]>;

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = parsePayload(schema, value);
  if (!parsed.ok) throw new HttpError(400, parsed.error.code, parsed.error.message);
  return parsed.data;
}

const query = (url: URL) => Object.fromEntries(url.searchParams);

/** The routes, by path pattern and method. */
const ROUTES: Record<string, Record<string, Route>> = {
  '/rooms': {
    GET: async ({ url }, s) => {
      const page = parse(pageQuerySchema, query(url));
      return [200, await s.admin.listRooms(page.nextFlag, page.count)];
    },
    POST: async ({ req }, s) => {
      const body = parse(createRoomBodySchema, await readJson(req));
      return [201, await s.admin.createRoom(body.roomInfo, body.config)];
    },
  },
  '/rooms/:roomID': {
    GET: async ({ roomID }, s) => [200, await s.admin.getRoom(roomID)],
    DELETE: async ({ roomID }, s) => {
      await s.admin.destroyRoom(roomID);
      return [200, { roomID }];
    },
  },
  '/rooms/:roomID/members': {
    GET: async ({ url, roomID }, s) => {
      const page = parse(pageQuerySchema, query(url));
      return [200, await s.admin.listMembers(roomID, page.nextFlag, page.count)];
    },
  },
  '/rooms/:roomID/kick': {
    POST: async ({ req, roomID }, s) => {
      const body = parse(kickBodySchema, await readJson(req));
      return [200, await s.admin.kick(roomID, body.userIDs, body.reason)];
    },
  },
  '/rooms/:roomID/attributes': {
    PUT: async ({ req, roomID }, s) => {
      const body = parse(attributesBodySchema, await readJson(req));
      return [200, await s.admin.writeAttributes(roomID, body.roomAttributes, body.delete)];
    },
  },
  '/rooms/:roomID/messages': {
    POST: async ({ req, roomID }, s) => {
      const body = parse(messageBodySchema, await readJson(req));
      return [201, await s.admin.sendMessage(roomID, body.message, body.priority)];
    },
  },
};

/** ZIM's codes as HTTP statuses: a missing room is 404, one that exists or would pass the limit 409. */
function statusOf(error: ZIMError): number {
  if (error instanceof HttpError) return error.status;
  switch (error.code) {
    case ZIMErrorCode.RoomNotExist:
      return 404;
    case ZIMErrorCode.RoomAlreadyExists:
    case ZIMErrorCode.ServerRoomLimit:
      return 409;
    case ZIMErrorCode.RoomError:
      return 500;
    default:
      return 400;
  }
}

/** Which route a path names, with its roomID: `['/rooms/:roomID/kick', 'class-7b']`; undefined for none. */
function locate(path: string): [string, string] | undefined {
  const parts = path.slice(SERVER_API_PREFIX.length).replace(/\/$/, '').split('/');
  if (parts[0] !== 'rooms' || parts.length > 3) return undefined;
  if (parts.length === 1) return ['/rooms', ''];
  let roomID: string;
  try {
    roomID = decodeURIComponent(parts[1] ?? '');
  } catch {
    throw new HttpError(400, ZIMErrorCode.InvalidParameter, 'Invalid parameter: roomID: not a valid URL component');
  }
  parse(roomIDSchema, roomID);
  return [parts[2] === undefined ? '/rooms/:roomID' : `/rooms/:roomID/${parts[2]}`, roomID];
}

/** The request handler for every path under /api/server/. */
export function createServerApi(config: ServerConfig, service: RoomService) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const answer = async (): Promise<[number, unknown]> => {
      if (!config.serverSecret) {
        throw new HttpError(
          404,
          ZIMErrorCode.InvalidParameter,
          'The server API is off: set CONVENE_SERVER_SECRET to turn it on',
        );
      }
      if (!carriesServerSecret(config.serverSecret, req)) {
        const hint = 'Missing or wrong server secret: send Authorization: Bearer <CONVENE_SERVER_SECRET>';
        throw new HttpError(401, ZIMErrorCode.TokenInvalid, hint);
      }
      const found = locate(url.pathname);
      const routes = found ? (Object.hasOwn(ROUTES, found[0]) ? ROUTES[found[0]] : undefined) : undefined;
      if (!found || !routes)
        throw new HttpError(404, ZIMErrorCode.InvalidParameter, `No such route: ${url.pathname.slice(0, 200)}`);
      const route = Object.hasOwn(routes, req.method ?? '') ? routes[req.method ?? ''] : undefined;
      if (!route) {
        throw new HttpError(
          405,
          ZIMErrorCode.InvalidParameter,
          `${req.method} is not allowed here; use ${Object.keys(routes).join(', ')}`,
        );
      }
      return route({ req, url, roomID: found[1] }, service);
    };
    answer().then(
      ([status, body]) => sendJson(res, status, body),
      (error: unknown) => {
        if (error instanceof ZIMError) {
          const headers: Record<string, string> = statusOf(error) === 401 ? { 'www-authenticate': 'Bearer' } : {};
          return sendJson(res, statusOf(error), error.toJSON(), headers);
        }
        reportFault(`the server API (${req.method ?? ''} ${url.pathname})`, error);
        sendJson(res, 500, { code: ZIMErrorCode.RoomError, message: 'Internal server error' });
      },
    );
  };
}
