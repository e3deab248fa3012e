/**
 * The senders: member connections of the room (the first creates it), sending at a fixed rate in
 * all; message `seq` goes out on sender `seq mod N` (--senders N), so the room-wide rate is spread
 * over them and each sender's own messages keep their order.
 */
import type { WireRoomMessage, WireRoomMessages } from '../lib/protocol/client.ts';
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { encodeText, wallNow, type Target } from './ipc.ts';

export interface Sender {
  send(seq: number, text: string): Promise<boolean>;
  close(): void;
}

interface OneSender {
  socket: Socket;
  send(seq: number, text: string): Promise<boolean>;
}

/** `count` senders; sender i connects to `urls[i mod urls.length]` (with many nodes, spread over them). */
export async function connectSenders(
  target: Target,
  urls: readonly string[],
  roomID: string,
  count: number,
  envelope = false,
): Promise<Sender> {
  const first = await connectSender(target, urls[0] as string, roomID, envelope, true);
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, (_, i) =>
      connectSender(target, urls[(i + 1) % urls.length] as string, roomID, envelope, false),
    ),
  );
  const all = [first, ...rest];
  return {
    send: (seq, text) => (all[seq % all.length] as OneSender).send(seq, text),
    close: () => all.forEach((s) => s.socket.close()),
  };
}

async function connectSender(
  target: Target,
  url: string,
  roomID: string,
  envelope: boolean,
  create: boolean,
): Promise<OneSender> {
  const userID = `sender-${randomBytes(3).toString('hex')}`;
  let auth = {};
  if (target === 'convene') {
    const body = (await (await fetch(`${url}/api/token?userID=${userID}`)).json()) as { token?: string };
    auth = { userID, userName: userID, token: body.token ?? '' };
  }
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const call = async (event: string, payload: unknown) => {
    const ack = (await socket.timeout(20_000).emitWithAck(event, payload)) as {
      ok: boolean;
      error?: { code: number; message: string };
    };
    if (!ack.ok) throw new Error(`${event}: ${ack.error?.code} ${ack.error?.message}`);
  };
  if (target === 'convene') {
    await call('resumeSession', { rooms: [] });
    if (create) await call('createRoom', { roomInfo: { roomID, roomName: 'bench' } });
    else await call('joinRoom', { roomID });
    return {
      socket,
      send: (_seq, text) =>
        call('sendMessage', {
          message: { type: 1, message: text },
          toConversationID: roomID,
          conversationType: 1,
          config: { priority: 2 },
        }).then(
          () => true,
          (error: unknown) => (noteSendError(error), false),
        ),
    };
  }
  await socket.timeout(20_000).emitWithAck('join', roomID);
  return {
    socket,
    send: (seq, text) =>
      socket
        .timeout(20_000)
        .emitWithAck('send', roomID, envelope ? conveneShaped(seq, text, userID, roomID) : text)
        .then(
          () => true,
          (error: unknown) => (noteSendError(error), false),
        ),
  };
}

/** What Convene pushes to each receiver for one text message (same fields, same sizes). */
/** What Convene broadcasts for this text (its slim wire form), for plain to relay byte for byte. */
function conveneShaped(seq: number, text: string, userID: string, roomID: string): WireRoomMessages {
  const message: WireRoomMessage = {
    type: 1,
    message: text,
    messageID: String(seq + 1),
    timestamp: Date.now(),
    senderUserID: userID,
    priority: 2,
  };
  return { messageList: [message], fromConversationID: roomID };
}

let firstSendError: string | undefined;

/** The first failed send since the last call, if any (and forget it). */
export function takeSendError(): string | undefined {
  const error = firstSendError;
  firstSendError = undefined;
  return error;
}

function noteSendError(error: unknown): void {
  firstSendError ??= String((error as Error)?.message ?? error);
}

/** Sends `total` messages at `rate`/s on a fixed schedule (catching up if a tick is late). */
export function sendPhase(
  sender: Sender,
  o: { rate: number; bytes: number },
  total: number,
  warmup = false,
): Promise<boolean[]> {
  const interval = 1000 / o.rate;
  const acks: Promise<boolean>[] = [];
  const startAt = wallNow();
  return new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((wallNow() - startAt) / interval) + 1);
      while (acks.length < due) {
        const seq = acks.length;
        acks.push(sender.send(seq, encodeText(seq, wallNow(), o.bytes, warmup)));
      }
      if (acks.length >= total) return void Promise.all(acks).then(resolve);
      setTimeout(tick, Math.max(0, startAt + acks.length * interval - wallNow()));
    };
    tick();
  });
}
