/**
 * The shape every host route handler shares: check the caller's token, check that the caller is
 * the room's host, then act through the server API. The handler files only say what they do.
 */
import { readAppEnv, type AppEnv } from './app-env.ts';
import { callerOf, requireHost } from './host-auth.ts';
import { answer } from './http-error.ts';
import { serverApi, type ServerApi, type ServerRoom } from './server-api.ts';

export interface HostRequest {
  request: Request;
  roomID: string;
  /** The host (the caller). */
  hostID: string;
  room: ServerRoom;
  api: ServerApi;
  env: AppEnv;
}

export interface RoomRouteContext {
  params: Promise<{ roomID: string }>;
}

export function hostRoute(work: (host: HostRequest) => Promise<unknown>) {
  return (request: Request, context: RoomRouteContext): Promise<Response> =>
    answer(async () => {
      const { roomID } = await context.params;
      const env = readAppEnv();
      const hostID = await callerOf(request, env);
      const api = serverApi(env);
      const room = await requireHost(api, roomID, hostID);
      return work({ request, roomID, hostID, room, api, env });
    });
}
