/**
 * What a connection is sent, watched as engine.io creates each packet: counted (a message push is
 * a delivery, for the metrics) and capped.
 *
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

/** Who hears of a connection's output. */
export interface OutputObserver {
  /** Every packet created for the connection (the observer counts the message pushes). */
  packetCreated(data: unknown): void;
  /** The connection held more unsent output than the cap and is being closed. */
  slowClientDisconnected(sessionID: string, userID: string, unsentBytes: number, maxBytes: number): void;
}

/**
 * Watches one connection's output. Once its unsent output passes `maxBytes`, tells the observer
 * and closes it at once, dropping what it held (the SDK reconnects and resumes its session as
 * after any dropped link). `maxBytes` 0 turns the cap off; the packets are still counted.
 *
 * A write that passes the cap is confirmed once the current work is done (setImmediate): output
 * written in one go (a resume's replay, a burst of pushes) waits in the writeBuffer only until the
 * transport's write completes, which for a client that reads is the next tick; what is still
 * unsent then the client is not taking.
 *
 * Every idle connection holds one, so its cost is paid per connection (bench --idle): one object
 * and two listeners, assigned in the constructor rather than as class fields (under tsx, esbuild's
 * keepNames redefines a named function's `name`, which costs a property dictionary, ≈ 250 bytes,
 * per function).
 */
export class ConnectionOutput {
  private pending = 0; // bytes in engine.io's writeBuffer
  private checking = false;
  private readonly onPacket: (packet: { data?: unknown }) => void;
  private readonly onFlush: () => void;

  constructor(
    private readonly socket: ConveneSocket,
    private readonly maxBytes: number,
    private readonly observer: OutputObserver,
  ) {
    this.onPacket = (packet) => this.packetCreated(packet);
    this.onFlush = () => {
      this.pending = 0; // engine.io hands its whole writeBuffer to the transport
    };
    socket.conn.on('packetCreate', this.onPacket);
    if (maxBytes > 0) socket.conn.on('flush', this.onFlush);
  }

  private transport(): TransportInternals {
    return this.socket.conn.transport;
  }

  private unsent(): number {
    return this.pending + (this.transport().socket?.bufferedAmount ?? 0);
  }

  private packetCreated(packet: { data?: unknown }): void {
    this.observer.packetCreated(packet.data);
    if (this.maxBytes <= 0) return;
    this.pending += sizeOf(packet.data);
    if (this.checking || this.unsent() <= this.maxBytes) return;
    this.checking = true;
    setImmediate(() => this.confirm());
  }

  private confirm(): void {
    const { conn, data } = this.socket;
    this.checking = false;
    if (conn.readyState === 'closed') return; // (closing: still holding its output; closed now)
    const bytes = this.unsent();
    if (bytes <= this.maxBytes) return;
    conn.off('packetCreate', this.onPacket);
    conn.off('flush', this.onFlush);
    this.observer.slowClientDisconnected(data.sessionID, data.user.userID, bytes, this.maxBytes);
    // terminate() destroys the TCP socket and what it buffered now: a ws close would wait up to
    // 30 s for its close frame to get past the output the client does not read.
    const t = this.transport();
    if (t.name === 'websocket') t.socket?.terminate?.();
    conn.close(true); // discards the writeBuffer
  }
}
