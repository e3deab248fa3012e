/**
 * A tiny TCP load balancer for the scale-out tests: one URL in front of the nodes, forwarding each
 * new connection (HTTP or WebSocket, bytes as they are) to the node it currently points at. A test
 * re-points it after a node died, so a client resumes "through the same URL" as behind nginx.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LoadBalancer {
  url: string;
  /** Sends new connections to this port from now on. */
  pointAt(port: number): void;
  /** Closes every connection it forwards (as when the node behind them vanished). */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startLoadBalancer(targetPort: number): Promise<LoadBalancer> {
  let target = targetPort;
  const open = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(target, '127.0.0.1');
    for (const socket of [inbound, outbound]) {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    // A node that is gone (refused, reset) ends the client's side too, and the other way round.
    outbound.once('error', () => inbound.destroy());
    inbound.once('error', () => outbound.destroy());
    outbound.once('close', () => inbound.destroy());
    inbound.once('close', () => outbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pointAt: (next) => void (target = next),
    dropAll: () => {
      for (const socket of open) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
