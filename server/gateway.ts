/**
 * Socket.IO handlers: authenticate the handshake, parse every payload (zod), call the room core,
 * acknowledge. Nothing a client sends can throw past this file.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  CLIENT_EVENTS,
  CLIENT_SCHEMAS,
  handshakeAuthSchema,
  parsePayload,
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMError,
  ZIMErrorCode,
  type Ack,
  type ClientEventName,
  type ZIMErrorInfo,
} from '../lib/protocol/index.ts';
import type { ServerConfig } from './config.ts';
import { ConnectionOutput } from './connection-output.ts';
import type { Reply } from './rooms/context.ts';
import type { Clock } from './rooms/clock.ts';
import { RateLimiter } from './rooms/rate-limit.ts';
import type { RoomService } from './rooms/room-service.ts';
import type { Session } from './rooms/sessions.ts';
import type { ConveneIO, ConveneSocket, SocketOutbox } from './socket-outbox.ts';
import type { CallObserver } from './telemetry/observer.ts';
import { checkToken } from './token.ts';

type Handler = (session: Session, payload: unknown, reply: Reply<unknown>, socket: ConveneSocket) => Promise<void>;

function parsed<S extends z.ZodType>(
  schema: S,
  run: (session: Session, data: z.output<S>, reply: Reply<unknown>, socket: ConveneSocket) => Promise<void> | void,
): Handler {
  return async (session, payload, reply, socket) => {
    const result = parsePayload(schema, payload);
    if (!result.ok) throw new ZIMError(result.error.code, result.error.message);
    await run(session, result.data, reply, socket);
  };
}

function handlers(service: RoomService, config: ServerConfig): Record<ClientEventName, Handler> {
  const { rooms, queries, attributes, memberAttributes, messages } = service;
  return {
    createRoom: parsed(CLIENT_SCHEMAS.createRoom, (s, p, reply) => rooms.createRoom(s, p, reply)),
    joinRoom: parsed(CLIENT_SCHEMAS.joinRoom, (s, p, reply) => rooms.joinRoom(s, p, reply)),
    enterRoom: parsed(CLIENT_SCHEMAS.enterRoom, (s, p, reply) => rooms.enterRoom(s, p, reply)),
    switchRoom: parsed(CLIENT_SCHEMAS.switchRoom, (s, p, reply) => rooms.switchRoom(s, p, reply)),
    leaveRoom: parsed(CLIENT_SCHEMAS.leaveRoom, (s, p, reply) => rooms.leaveRoom(s, p, reply)),
    leaveAllRoom: parsed(CLIENT_SCHEMAS.leaveAllRoom, (s, _p, reply) => rooms.leaveAllRoom(s, reply)),
    queryRoomMemberList: parsed(CLIENT_SCHEMAS.queryRoomMemberList, async (s, p, reply) =>
      reply(await queries.queryRoomMemberList(s, p)),
    ),
    queryRoomMembers: parsed(CLIENT_SCHEMAS.queryRoomMembers, async (s, p, reply) =>
      reply(await queries.queryRoomMembers(s, p)),
    ),
    queryRoomOnlineMemberCount: parsed(CLIENT_SCHEMAS.queryRoomOnlineMemberCount, async (s, p, reply) =>
      reply(await queries.queryRoomOnlineMemberCount(s, p.roomID)),
    ),
    setRoomAttributes: parsed(CLIENT_SCHEMAS.setRoomAttributes, (s, p, reply) =>
      attributes.setRoomAttributes(s, p, reply),
    ),
    deleteRoomAttributes: parsed(CLIENT_SCHEMAS.deleteRoomAttributes, (s, p, reply) =>
      attributes.deleteRoomAttributes(s, p, reply),
    ),
    endRoomAttributesBatchOperation: parsed(CLIENT_SCHEMAS.endRoomAttributesBatchOperation, (s, p, reply) =>
      attributes.endBatch(s, p, reply),
    ),
    queryRoomAllAttributes: parsed(CLIENT_SCHEMAS.queryRoomAllAttributes, async (s, p, reply) =>
      reply(await attributes.queryRoomAllAttributes(s, p.roomID)),
    ),
    setRoomMembersAttributes: parsed(CLIENT_SCHEMAS.setRoomMembersAttributes, (s, p, reply) =>
      memberAttributes.setRoomMembersAttributes(s, p, reply),
    ),
    queryRoomMembersAttributes: parsed(CLIENT_SCHEMAS.queryRoomMembersAttributes, async (s, p, reply) =>
      reply(await memberAttributes.queryRoomMembersAttributes(s, p)),
    ),
    queryRoomMemberAttributesList: parsed(CLIENT_SCHEMAS.queryRoomMemberAttributesList, async (s, p, reply) =>
      reply(await memberAttributes.queryRoomMemberAttributesList(s, p)),
    ),
    sendMessage: parsed(CLIENT_SCHEMAS.sendMessage, (s, p, reply) => messages.sendMessage(s, p, reply)),
    queryHistoryMessage: parsed(CLIENT_SCHEMAS.queryHistoryMessage, async (s, p, reply) =>
      reply(await messages.queryHistoryMessage(s, p)),
    ),
    renewToken: parsed(CLIENT_SCHEMAS.renewToken, async (s, p, reply) => {
      const claims = await checkToken(config.tokenSecret, p.token, {
        userID: s.user.userID,
        maxLifetimeSeconds: config.maxTokenLifetimeSeconds,
      });
      service.renewToken(s, claims.exp * 1000);
      reply({ token: p.token });
    }),
    resumeSession: parsed(CLIENT_SCHEMAS.resumeSession, (s, p, reply) =>
      service.resumeSession(s, p.rooms, (resumed) =>
        reply({ ...resumed, nodeID: config.nodeID, initialMemberListSize: config.initialMemberListSize }),
      ),
    ),
    logout: parsed(CLIENT_SCHEMAS.logout, async (s, _p, reply, socket) => {
      await service.logout(s);
      reply({});
      socket.disconnect(true);
    }),
  };
}

function asErrorInfo(error: unknown, observer: CallObserver, during: string): ZIMErrorInfo {
  if (error instanceof ZIMError) return { code: error.code, message: error.message };
  observer.internalError(during, error);
  return { code: ZIMErrorCode.RoomError, message: 'Internal server error' };
}

/** What a connection's handshake keeps of its auth once checked: nothing (one shared object). */
const NO_AUTH: Record<string, never> = Object.freeze({});

/** Socket.IO's middleware error, carrying the ZIMError to the client as `err.data`. */
function refusal(error: ZIMErrorInfo): Error & { data: ZIMErrorInfo } {
  return Object.assign(new Error(error.message), { data: error });
}

export function attachGateway(
  io: ConveneIO,
  service: RoomService,
  outbox: SocketOutbox,
  config: ServerConfig,
  observer: CallObserver,
  clock: Clock,
): void {
  const table = handlers(service, config);
  const known = new Set<string>(CLIENT_EVENTS);

  // The check is async and answers every outcome, failures included, through next().
  io.use(
    (socket, next) =>
      void (async () => {
        // The log names who was refused (the claim, as sent; never the token).
        const claimed = (socket.handshake.auth as { userID?: unknown } | undefined)?.userID;
        const claimedUserID = typeof claimed === 'string' ? claimed.slice(0, 64) : undefined;
        const refuse = (error: ZIMErrorInfo) => {
          observer.handshakeRefused(error, claimedUserID);
          next(refusal(error));
        };
        try {
          const auth = parsePayload(handshakeAuthSchema, socket.handshake.auth);
          if (!auth.ok) return refuse(auth.error);
          const { userID, userName, token } = auth.data;
          const claims = await checkToken(config.tokenSecret, token, {
            userID,
            maxLifetimeSeconds: config.maxTokenLifetimeSeconds,
          });
          const sessionID = auth.data.sessionID ?? randomBytes(16).toString('base64url');
          const existing = service.sessions.get(sessionID);
          if (existing && existing.user.userID !== userID) {
            return refuse({ code: ZIMErrorCode.LoginFailed, message: 'This session belongs to another user' });
          }
          // The token's profile claims, when its issuer set them, win over what the client says (SPEC 1).
          const user = { userID, userName, userAvatarUrl: '', userExtendedData: '', ...claims.profile };
          socket.data = { sessionID, user, expiresAt: claims.exp * 1000 };
          // The token has done its work: the connection does not hold it for its life.
          socket.handshake.auth = NO_AUTH;
          next();
        } catch (error) {
          refuse(asErrorInfo(error, observer, 'handshake'));
        }
      })(),
  );

  io.on('connection', (socket) => {
    const { sessionID, user, expiresAt } = socket.data;
    observer.connectionOpened(socket);
    // Its output is counted, and a client that stops reading is disconnected once its unsent
    // output passes the cap (SPEC 11b).
    new ConnectionOutput(socket, config.maxOutboundBytes, observer);
    // The session opens only once the connection is up, so a failed handshake leaves nothing
    // behind. Calls that arrive while it opens (in the store) wait for it, in their order.
    const opening = service.openSession(sessionID, user, expiresAt).then(
      ({ session, restored }) => {
        if (!socket.connected) {
          service.sessionDropped(session); // gone while opening: its grace period starts now
          return undefined;
        }
        outbox.attach(session.sessionID, socket, !restored);
        return session;
      },
      (error: unknown) => {
        // The session ID is another user's, or the user holds the most sessions: refused for good,
        // with the reason. The store is away: the client retries.
        if (error instanceof ZIMError && error.code === ZIMErrorCode.LoginFailed) {
          const extendedData = JSON.stringify(error.toJSON());
          socket.emit('connectionStateChanged', {
            state: ZIMConnectionState.Disconnected,
            event: ZIMConnectionEvent.KickedOut,
            extendedData,
          });
          socket.disconnect(true);
          return undefined;
        }
        // Anything but the store being away is a fault, not to pass in silence.
        if (!(error instanceof ZIMError)) observer.internalError('opening a session', error);
        socket.conn.close();
        return undefined;
      },
    );
    const calls = new RateLimiter(config.callRatePerSecond, clock);

    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return; // nothing to answer: dropped
      const started = performance.now();
      const call = known.has(event) ? event : 'unknown';
      const respond = (response: Ack<unknown>) => {
        observer.callAnswered(
          call,
          (performance.now() - started) / 1000,
          response.ok ? undefined : response.error,
          user.userID,
        );
        (ack as (response: Ack<unknown>) => void)(response);
      };
      if (!calls.take()) {
        return respond({ ok: false, error: { code: ZIMErrorCode.RateLimited, message: 'Too many calls; slow down' } });
      }
      if (!known.has(event)) {
        return respond({
          ok: false,
          error: { code: ZIMErrorCode.InvalidParameter, message: `Unknown event "${String(event).slice(0, 64)}"` },
        });
      }
      let replied = false;
      const reply: Reply<unknown> = (data) => {
        if (replied) return;
        replied = true;
        respond({ ok: true, data });
      };
      const payload = args.length > 1 ? args[0] : undefined;
      opening
        .then((session) => {
          if (!session) throw new ZIMError(ZIMErrorCode.NotLoggedIn, 'This connection has no session');
          return table[event as ClientEventName](session, payload, reply, socket);
        })
        .catch((error: unknown) => {
          if (replied) return void asErrorInfo(error, observer, call);
          replied = true;
          respond({ ok: false, error: asErrorInfo(error, observer, call) });
        });
    });

    socket.on('disconnect', (reason) => {
      observer.connectionClosed(socket, reason);
      void opening.then((session) => {
        if (session && outbox.detach(session.sessionID, socket)) service.sessionDropped(session);
      });
    });
  });
}
