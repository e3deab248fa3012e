/**
 * Opens the session's socket and sorts what Socket.IO reports into the four things the
 * connection cares about: connected, refused (do not retry), dropped (Socket.IO retries; also a
 * draining server's close), and the server ending the session itself.
 */
import { io } from 'socket.io-client';
import {
  ZIMError,
  ZIMErrorCode,
  isZIMErrorInfo,
  type HandshakeAuth,
  type ZIMEventOfConnectionStateChangedResult,
} from '../protocol/client.ts';
import type { ZIMSocket } from './wire.ts';

export interface SocketHandlers {
  connected(socket: ZIMSocket): void;
  refused(error: ZIMError): void;
  dropped(): void;
  serverSaid(data: ZIMEventOfConnectionStateChangedResult): void;
}

/** `auth` is kept by reference: changing its token (renewToken) changes what reconnects send. */
export function openSocket(server: string, auth: Required<HandshakeAuth>, handlers: SocketHandlers): ZIMSocket {
  const socket: ZIMSocket = io(server, {
    auth,
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
    // Each instance is its own user: never share a Manager with another instance in the process.
    forceNew: true,
  });
  // Set by the server's drain notice until the next connect: a close that follows is a move.
  let moving = false;
  // A drop is reported once, however many ways the link says it ended (notice, close, packet).
  let down = false;
  const dropped = () => {
    if (down) return;
    down = true;
    handlers.dropped();
  };
  socket.on('connect', () => {
    moving = false;
    down = false;
    handlers.connected(socket);
  });
  // The server is shutting down: reconnect now (behind a load balancer, to another node), as
  // after a dropped link, so the session resumes with its rooms and nobody sees a leave.
  socket.on('serverDraining', () => {
    moving = true;
    socket.io.engine?.close();
  });
  socket.on('connect_error', (err) => {
    const data = (err as Error & { data?: unknown }).data;
    // The server's auth middleware refuses with `{ code, message }`; retrying cannot help then.
    if (isZIMErrorInfo(data)) handlers.refused(new ZIMError(data.code, data.message));
    else if (!socket.active) handlers.refused(new ZIMError(ZIMErrorCode.LoginFailed, err.message));
    // Otherwise the server is unreachable for now, and Socket.IO keeps retrying.
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return; // Ours: the connection already knows.
    if (reason === 'io server disconnect' && moving) {
      // A draining server that closed the socket itself: Socket.IO will not retry on its own.
      dropped();
      socket.connect();
      return;
    }
    // The server closed the session without a word (it says why for kicks and expiry).
    if (reason === 'io server disconnect')
      handlers.refused(new ZIMError(ZIMErrorCode.NotLoggedIn, 'The server ended the session'));
    else dropped();
  });
  socket.on('connectionStateChanged', (data) => handlers.serverSaid(data));
  return socket;
}

/** Stops the socket for good: no more events from it, no reconnection. */
export function closeSocket(socket: ZIMSocket): void {
  socket.off();
  socket.disconnect();
}
