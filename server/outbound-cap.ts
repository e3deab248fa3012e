/**
 * SPEC 11b: a connection whose unsent output passes a cap (a client that stops reading) is
 * disconnected, so one client cannot make the server hold its replies and pushes without bound.
 *
 * Unsent output is what engine.io still holds for the connection: packets in its writeBuffer (they
 * wait there while the transport has not finished its previous write, which is forever for a
 * client that stops reading), plus, on WebSocket, the underlying ws socket's `bufferedAmount`
 * (handed to ws, not yet to the kernel). It is looked at as each packet is created, replies, pushes
 * and broadcasts alike: a running count of the writeBuffer (a length read per packet, reset when
 * engine.io flushes it) and one getter read; nothing is encoded again to measure it.
 */
import type { ConveneSocket } from './socket-outbox.ts';

type EngineConnection = ConveneSocket['conn'];

/** What the check reads of the transport: ws's socket for WebSocket (private in engine.io's types). */
interface TransportInternals {
  name: string;
  socket?: { bufferedAmount?: number; terminate?: () => void };
}

/** Size of a packet's data: bytes, or for text its length (a lower bound of its bytes; nothing is encoded). */
function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Watches one connection; once its unsent output passes `maxBytes`, calls `overflowed` with the
 * figure and closes it at once, dropping what it held (the SDK reconnects and resumes its session
 * as after any dropped link). `maxBytes` 0 turns the cap off.
 *
 * A write that passes the cap is confirmed once the current work is done (setImmediate): output
 * written in one go (a resume's replay, a burst of pushes) waits in the writeBuffer only until the
 * transport's write completes, which for a client that reads is the next tick; what is still
 * unsent then the client is not taking.
 */
export function capOutbound(conn: EngineConnection, maxBytes: number, overflowed: (unsentBytes: number) => void): void {
  if (maxBytes <= 0) return;
  let pending = 0; // bytes in engine.io's writeBuffer
  let checking = false;
  const transport = () => conn.transport as unknown as TransportInternals;
  const unsent = () => pending + (transport().socket?.bufferedAmount ?? 0);
  const confirm = () => {
    checking = false;
    if (conn.readyState === 'closed') return; // (closing: still holding its output; closed now)
    const bytes = unsent();
    if (bytes <= maxBytes) return;
    conn.off('packetCreate', onPacket);
    conn.off('flush', onFlush);
    overflowed(bytes);
    // terminate() destroys the TCP socket and what it buffered now: a ws close would wait up to
    // 30 s for its close frame to get past the output the client does not read.
    const t = transport();
    if (t.name === 'websocket') t.socket?.terminate?.();
    conn.close(true); // discards the writeBuffer
  };
  const onPacket = (packet: { data?: unknown }) => {
    pending += sizeOf(packet.data);
    if (checking || unsent() <= maxBytes) return;
    checking = true;
    setImmediate(confirm);
  };
  const onFlush = () => {
    pending = 0; // engine.io hands its whole writeBuffer to the transport
  };
  conn.on('packetCreate', onPacket);
  conn.on('flush', onFlush);
}
