/**
 * Where the server's facts become log lines, metrics and the operations page's error list: the
 * gateway reports handshakes and calls (CallObserver), the RoomEvents hook reports rooms and
 * members, and each connection is watched from `io` itself, so the room core stays untouched.
 */
import { ZIMErrorCode, type ZIMErrorInfo } from '../../lib/protocol/index.ts';
import type { OpsError } from '../../lib/protocol/ops.ts';
import type { RoomEvents } from '../rooms/room-events.ts';
import type { OutputObserver } from '../connection-output.ts';
import type { ConveneSocket } from '../socket-outbox.ts';
import { errorField, type Logger } from './logger.ts';
import type { ConveneMetrics } from './metrics.ts';

/** What the gateway tells telemetry. None of it may carry a payload: only events, codes, IDs. */
export interface CallObserver extends OutputObserver {
  handshakeRefused(error: ZIMErrorInfo, userID: string | undefined): void;
  callAnswered(event: string, seconds: number, error: ZIMErrorInfo | undefined, userID: string): void;
  internalError(during: string, error: unknown): void;
  connectionOpened(socket: ConveneSocket): void;
  connectionClosed(socket: ConveneSocket, reason: string): void;
}

/** Codes that mean a resource bound of SPEC 11b (or a room/user limit) was reached. */
const BOUND_CODES: ReadonlySet<number> = new Set([
  ZIMErrorCode.RateLimited,
  ZIMErrorCode.RoomFull,
  ZIMErrorCode.ServerRoomLimit,
  ZIMErrorCode.UserRoomLimit,
  ZIMErrorCode.RoomAttributesCountLimit,
]);

const CODE_NAMES = new Map<number, string>(Object.entries(ZIMErrorCode).map(([name, code]) => [code, name]));
export const codeName = (code: number) => CODE_NAMES.get(code) ?? String(code);

/** How many errors the operations page lists. */
const RECENT_ERRORS = 50;

/** A broadcast room message as Socket.IO encodes it (EVENT packet, default namespace). */
const MESSAGE_PUSH = '2["receiveRoomMessage"';

/** Who a connection is, for its log lines: read at each line, not kept by every idle connection. */
const who = (socket: ConveneSocket) => ({
  sessionID: socket.data.sessionID,
  userID: socket.data.user.userID,
  socketID: socket.id,
});

export class Observer implements CallObserver {
  /** Newest last; the snapshot reverses it. */
  readonly recentErrors: OpsError[] = [];

  constructor(
    private readonly log: Logger,
    private readonly metrics: ConveneMetrics,
    private readonly now: () => number,
  ) {}

  handshakeRefused(error: ZIMErrorInfo, userID: string | undefined): void {
    this.metrics.errors.inc({ code: String(error.code) });
    this.remember(error, 'handshake', userID);
    this.log.warn(
      { event: 'handshake_refused', code: error.code, name: codeName(error.code), reason: error.message, userID },
      'connection refused',
    );
  }

  callAnswered(event: string, seconds: number, error: ZIMErrorInfo | undefined, userID: string): void {
    this.metrics.callDuration.observe({ event }, seconds);
    if (!error) {
      if (event === 'sendMessage') this.metrics.messages.inc();
      return;
    }
    this.metrics.errors.inc({ code: String(error.code) });
    this.remember(error, event, userID);
    const line = {
      event: BOUND_CODES.has(error.code) ? 'bound_hit' : 'call_failed',
      call: event,
      code: error.code,
      name: codeName(error.code),
      reason: error.message,
      userID,
    };
    if (BOUND_CODES.has(error.code)) this.log.warn(line, 'a bound was reached');
    else this.log.debug(line, 'call failed');
  }

  internalError(during: string, error: unknown): void {
    this.metrics.errors.inc({ code: String(ZIMErrorCode.RoomError) });
    this.remember({ code: ZIMErrorCode.RoomError, message: 'Internal server error' }, during, undefined);
    this.log.error({ event: 'internal_error', during, err: errorField(error) }, 'internal error');
  }

  slowClientDisconnected(sessionID: string, userID: string, unsentBytes: number, maxBytes: number): void {
    this.log.warn(
      { event: 'slow_client_disconnected', sessionID, userID, unsentBytes, maxBytes },
      'a client that does not read its output was disconnected',
    );
  }

  connectionOpened(socket: ConveneSocket): void {
    this.log.info(
      { event: 'connection_opened', ...who(socket), transport: socket.conn.transport.name },
      'connection opened',
    );
  }

  connectionClosed(socket: ConveneSocket, reason: string): void {
    this.log.info({ event: 'connection_closed', ...who(socket), reason }, 'connection closed');
  }

  /** A packet for a connection: a message push is one delivery. */
  packetCreated(data: unknown): void {
    if (typeof data === 'string' && data.startsWith(MESSAGE_PUSH)) this.metrics.deliveries.inc();
  }

  /** Room lines and member counters from the room core's facts. */
  watchRooms(events: RoomEvents): void {
    events.on('roomCreated', ({ roomID, userID }) =>
      this.log.info({ event: 'room_created', roomID, userID }, 'room created'),
    );
    events.on('roomDestroyed', ({ roomID }) => this.log.info({ event: 'room_destroyed', roomID }, 'room destroyed'));
    events.on('memberJoined', ({ roomID, userID }) => {
      this.metrics.memberEvents.inc({ event: 'joined' });
      this.log.debug({ event: 'member_joined', roomID, userID }, 'member joined');
    });
    events.on('memberLeft', ({ roomID, userID, exitType }) => {
      this.metrics.memberEvents.inc({ event: 'left', exit_type: exitType });
      if (exitType === 'Kickout') this.log.info({ event: 'member_kicked', roomID, userID }, 'member kicked out');
      else this.log.debug({ event: 'member_left', roomID, userID, exitType }, 'member left');
    });
  }

  private remember(error: ZIMErrorInfo, during: string, userID: string | undefined): void {
    this.recentErrors.push({
      at: this.now(),
      code: error.code,
      name: codeName(error.code),
      message: error.message,
      during,
      userID,
    });
    if (this.recentErrors.length > RECENT_ERRORS) this.recentErrors.shift();
  }
}
