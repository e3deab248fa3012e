/** One client call on the wire: a Socket.IO event with an acknowledgement and a timeout. */
import type { Socket } from 'socket.io-client';
import {
  ZIMError,
  ZIMErrorCode,
  isZIMErrorInfo,
  type ClientEventName,
  type ClientPayload,
  type ClientResult,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../protocol/client.ts';

export type ZIMSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** ZIM's own request timeouts: entering a room may create it and takes longer; messages more. */
export function timeoutFor(event: ClientEventName): number {
  switch (event) {
    case 'createRoom':
    case 'joinRoom':
    case 'enterRoom':
    case 'switchRoom':
      return 8_000;
    case 'sendMessage':
      return 10_000;
    default:
      return 5_000;
  }
}

type UntypedEmit = {
  emit(event: string, payload: unknown, ack: (err: Error | null, response: unknown) => void): void;
};

/**
 * Sends one call on a connected socket. The caller checks the connection first: Socket.IO would
 * otherwise buffer the call while offline and send it, stale, after a reconnect.
 */
export function emitCall<E extends ClientEventName>(
  socket: ZIMSocket,
  event: E,
  payload: ClientPayload<E>,
): Promise<ClientResult<E>> {
  if (!socket.connected) {
    return Promise.reject(new ZIMError(ZIMErrorCode.NetworkError, `Not connected: ${event} was not sent`));
  }
  return new Promise((resolve, reject) => {
    // Socket.IO's typed emit cannot follow a generic event name; the contract is enforced by the
    // signature of this function instead.
    const timed = socket.timeout(timeoutFor(event)) as unknown as UntypedEmit;
    timed.emit(event, payload, (err, response) => {
      if (err) {
        // Either the timeout ran out or the socket dropped with the call in flight.
        reject(new ZIMError(ZIMErrorCode.NetworkError, `${event}: no answer from the server (${err.message})`));
        return;
      }
      const ack = response as { ok?: unknown; data?: unknown; error?: unknown } | null;
      if (ack?.ok === true) resolve(ack.data as ClientResult<E>);
      else if (ack?.ok === false && isZIMErrorInfo(ack.error)) reject(new ZIMError(ack.error.code, ack.error.message));
      else reject(new ZIMError(ZIMErrorCode.NetworkError, `${event}: the server sent a malformed answer`));
    });
  });
}
