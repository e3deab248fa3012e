/**
 * What goes over the wire in the fuzz (bench/fuzz.ts): emit sends one malformed call (with or
 * without an ack, with or without a payload) and resolves with its answer; receivedIn,
 * deliveryFaults and otherPushes read what the clients were told since a mark — the good pair's
 * messages in their room, how many of them were lost, duplicated or out of order, and any push
 * besides those (a fuzzer's own join excepted).
 */
import type { Ack } from '../lib/protocol/index.ts';
import type { RawClient } from '../test/helpers/raw-client.ts';
import { NO_PAYLOAD, show, type MalformedCall } from './malformed.ts';

/** Sends one call; resolves with its answer (or 'no answer'); without an ack at once with undefined. */
export function emit(
  socket: RawClient['socket'],
  call: MalformedCall,
): Promise<Ack<unknown> | 'no answer' | undefined> {
  if (!call.ack) {
    if (call.payload === NO_PAYLOAD) socket.emit(call.event);
    else socket.emit(call.event, call.payload);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const cb = (err: Error | null, ack: Ack<unknown>) => resolve(err ? 'no answer' : ack);
    const s = socket.timeout(15_000) as unknown as { emit(...args: unknown[]): void };
    if (call.payload === NO_PAYLOAD) s.emit(call.event, cb);
    else s.emit(call.event, call.payload, cb);
  });
}

/** The good messages `c` was told in room R since its mark. */
export const receivedIn = (c: RawClient, R: string, pushMark: Map<RawClient, number>): string[] =>
  c.pushes
    .slice(pushMark.get(c))
    .flatMap((p) =>
      p.event === 'receiveRoomMessage' && p.data.fromConversationID === R
        ? p.data.messageList.map((m) => m.message as string)
        : [],
    );

/** The good pair's messages lost, duplicated and out of order, both ways (`received`: what one was told). */
export function deliveryFaults(
  a: RawClient,
  b: RawClient,
  goodSent: Record<string, string[]>,
  received: (c: RawClient) => string[],
): { lost: number; duplicated: number; reordered: number } {
  let lost = 0;
  let duplicated = 0;
  let reordered = 0;
  for (const [to, from] of [
    [b, a],
    [a, b],
  ] as const) {
    const got = received(to);
    const want = goodSent[from.userID]!;
    const seen = new Set(got);
    lost += want.filter((m) => !seen.has(m)).length;
    duplicated += got.length - seen.size;
    const order = got.filter((m) => want.includes(m));
    reordered += order.filter((m, i) => i > 0 && want.indexOf(m) < want.indexOf(order[i - 1]!)).length;
  }
  return { lost, duplicated, reordered };
}

/** Every push since the mark besides the good messages in R and a fuzzer's join of its own room. */
export const otherPushes = (
  clients: RawClient[],
  R: string,
  pushMark: Map<RawClient, number>,
  fuzzers: { client: RawClient; room: string }[],
): string[] =>
  clients.flatMap((c) =>
    c.pushes
      .slice(pushMark.get(c) ?? 0)
      .filter(
        (p) =>
          !(p.event === 'receiveRoomMessage' && p.data.fromConversationID === R) &&
          !(p.event === 'roomMemberJoined' && fuzzers.some((fz) => fz.client === c && p.data.roomID === fz.room)),
      )
      .map((p) => `${c.userID} got ${p.event} ${show(p.data)}`),
  );
