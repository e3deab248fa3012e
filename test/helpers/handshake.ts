/** One connection attempt of a new user: whether the server let it in (then it is closed). */
import { io } from 'socket.io-client';
import { issueToken } from '../../server/token.ts';
import { uniqueID, type TestServer } from './server.ts';

export function opens(srv: TestServer, headers: Record<string, string> = {}): Promise<boolean> {
  const userID = uniqueID('hs');
  const token = issueToken(srv.server.config.tokenSecret, userID, 3600);
  const socket = io(srv.url, {
    auth: { userID, token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve(true);
    });
    socket.once('connect_error', () => {
      socket.close();
      resolve(false);
    });
  });
}
