/**
 * A connection does not keep its first HTTP request for its life. engine.io keeps it as
 * `conn.request` (Socket.IO's docs, "Memory usage": set it to null to save memory) and, for a
 * WebSocket, in the stand-in response it builds for the upgrade, held by the TCP socket's close
 * listener until the connection ends. Convene reads what it needs of the request (origin, address)
 * in allowRequest, before the connection exists. Measured: `npm run bench -- --idle`.
 */
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { ConveneIO } from './socket-outbox.ts';

export function releaseFirstRequests(io: ConveneIO): void {
  const responses = new WeakMap<IncomingMessage, { req?: unknown }>();
  io.engine.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    responses.set(req, res);
    next();
  });
  io.engine.on('connection', (raw: { request: IncomingMessage | null }) => {
    const res = raw.request ? responses.get(raw.request) : undefined;
    // A polling request's response is Node's own, and done with it; the upgrade's stand-in is not.
    if (res && !(res instanceof ServerResponse)) res.req = undefined;
    raw.request = null;
  });
}
