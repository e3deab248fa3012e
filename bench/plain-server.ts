/**
 * The baseline: a plain Socket.IO 4.8 server that only joins a room and relays to it.
 * Started by room-broadcast.ts as a child process; reports its URL over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { serveControl } from './ipc.ts';

const httpServer = createServer((_req, res) => {
  res.writeHead(404);
  res.end();
});
const io = new Server(httpServer, { serveClient: false });

io.on('connection', (socket) => {
  socket.on('join', (room: unknown, ack?: unknown) => {
    if (typeof room === 'string') void socket.join(room);
    if (typeof ack === 'function') (ack as (ok: boolean) => void)(true);
  });
  socket.on('send', (room: unknown, payload: unknown, ack?: unknown) => {
    if (typeof room === 'string') socket.to(room).emit('msg', payload);
    if (typeof ack === 'function') (ack as (ok: boolean) => void)(true);
  });
});

const send = serveControl('plain');

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  send({ kind: 'listening', url: `http://127.0.0.1:${port}` });
});
