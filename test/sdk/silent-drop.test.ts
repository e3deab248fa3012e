/**
 * SPEC 8: messages sent while a session was briefly away arrive after it reconnects, in order and
 * once — also when its link died silently, so the server kept writing into the dead connection
 * until the client came back on a new one. A real TCP relay on loopback plays the network.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rawClient } from '../helpers/raw-client.ts';
import { newClient, uid, useServer } from './helpers.ts';

const server = useServer();

/** A TCP relay in front of the server whose link can be frozen (bytes dropped both ways). */
async function relay(targetURL: string) {
  const target = Number(new URL(targetURL).port);
  const state = { frozen: false };
  const pairs: { client: net.Socket; upstream: net.Socket }[] = [];
  const proxy = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    pairs.push({ client, upstream });
    client.on('data', (d) => void (state.frozen || upstream.write(d)));
    upstream.on('data', (d) => void (state.frozen || client.write(d)));
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.on('close', () => void (state.frozen || upstream.destroy()));
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
    freeze: () => void (state.frozen = true),
    /** The client side notices the dead link; the server's side stays open, as after a network switch. */
    cutClientSide: () => {
      for (const pair of pairs.splice(0)) pair.client.destroy();
      state.frozen = false;
    },
    close: () => {
      for (const pair of pairs.splice(0)) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      proxy.close();
    },
  };
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

describe('a link that dies silently', () => {
  it('messages written into the dead connection reach the session after it resumes, in order, once', async () => {
    const net = await relay(server.url);
    cleanup.push(net.close);
    const bob = await rawClient(server.url, uid('bob'));
    cleanup.push(bob.close);
    const roomID = uid('silent');
    await bob.ok('createRoom', { roomInfo: { roomID, roomName: 'Silent' } });
    const { zim: alice, rec } = newClient(net.url);
    await alice.login(uid('alice'));
    await alice.joinRoom(roomID);
    const send = (text: string) =>
      bob.ok('sendMessage', { message: { type: 1, message: text }, toConversationID: roomID, conversationType: 1 });
    const received = () => rec.of('receiveRoomMessage').flatMap((e) => e.messageList.map((m) => String(m.message)));

    await send('m1');
    await expect.poll(received).toEqual(['m1']);
    net.freeze();
    await send('m2');
    await send('m3');
    net.cutClientSide();
    // The SDK reconnects on its own and resumes the room.
    await rec.waitFor('roomStateChanged', (e) => e.roomID === roomID && e.state === 2 && e.event === 0);
    await send('m4');
    await expect.poll(received).toEqual(['m1', 'm2', 'm3', 'm4']);
  });
});
