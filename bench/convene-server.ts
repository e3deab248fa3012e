/**
 * The Convene server as a child process of room-broadcast.ts. Settings come from the environment
 * (the orchestrator raises CONVENE_MESSAGE_RATE, CONVENE_PRIORITY_MESSAGE_RATE, CONVENE_CALL_RATE
 * and CONVENE_MAX_MEMBERS_PER_ROOM so limits do not interfere); reports its URL over IPC.
 */
import { createConveneServer } from '../server/app.ts';
import { serveControl } from './ipc.ts';

const server = createConveneServer();
const send = serveControl('convene');

const { url } = await server.listen(0, '127.0.0.1');
send({ kind: 'listening', url });
