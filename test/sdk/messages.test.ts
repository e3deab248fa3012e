import { describe, expect, it } from 'vitest';
import {
  ZIMErrorCode,
  ZIMMessageDirection,
  ZIMMessageSentStatus,
  type ZIMMessage,
  type ZIMMessageInput,
} from '../../lib/zim/index.ts';
import { newUser, rejection, uid, useServer } from './helpers.ts';

const server = useServer();

async function twoInRoom() {
  const alice = await newUser(server);
  const bob = await newUser(server);
  const roomID = uid('chat');
  await alice.zim.createRoom({ roomID, roomName: '' });
  await bob.zim.joinRoom(roomID);
  return { alice, bob, roomID };
}

describe('room messages', () => {
  it('sendMessage resolves the stored message; others get receiveRoomMessage and roomMessageReceived', async () => {
    const { alice, bob, roomID } = await twoInRoom();
    const attached: ZIMMessage[] = [];
    const input: ZIMMessageInput = { type: 1, message: 'hello', extendedData: 'x' };
    const { message } = await alice.zim.sendMessage(
      input,
      roomID,
      1,
      { priority: 2 },
      { onMessageAttached: (m) => attached.push(m) },
    );
    expect(message).toMatchObject({
      type: 1,
      message: 'hello',
      extendedData: 'x',
      senderUserID: alice.userID,
      conversationID: roomID,
      conversationType: 1,
      sentStatus: ZIMMessageSentStatus.Success,
      direction: ZIMMessageDirection.Send,
      priority: 2,
    });
    expect(message.messageID).toMatch(/^\d+$/);
    // The client-chosen ID was written back onto the caller's object.
    expect(input.localMessageID).toBe(message.localMessageID);
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({
      sentStatus: ZIMMessageSentStatus.Sending,
      message: 'hello',
      localMessageID: input.localMessageID,
    });

    const received = await bob.rec.waitFor('receiveRoomMessage');
    expect(received.fromConversationID).toBe(roomID);
    // Receivers get the stored message; the sender's localMessageID is the sender's own business
    // and is not broadcast (it is not sent once per member).
    expect(received.messageList).toEqual([{ ...message, localMessageID: '', direction: ZIMMessageDirection.Receive }]);
    const modern = await bob.rec.waitFor('roomMessageReceived');
    expect(modern).toEqual({
      messageList: received.messageList,
      fromConversationID: roomID,
      info: { conversationID: roomID, conversationType: 1, isOfflineMessage: false },
    });
    expect(alice.rec.of('receiveRoomMessage')).toEqual([]);
  });

  it('a retry with the same message object is stored and delivered once', async () => {
    const { alice, bob, roomID } = await twoInRoom();
    const input: ZIMMessageInput = { type: 1, message: 'once' };
    const first = await alice.zim.sendRoomMessage(input, roomID);
    const retry = await alice.zim.sendRoomMessage(input, roomID);
    expect(retry.message.messageID).toBe(first.message.messageID);
    await alice.zim.sendRoomMessage({ type: 1, message: 'marker' }, roomID);
    await bob.rec.waitFor('receiveRoomMessage', (e) => e.messageList.some((m) => m.message === 'marker'));
    const texts = bob.rec.of('receiveRoomMessage').flatMap((e) => e.messageList.map((m) => m.message));
    expect(texts).toEqual(['once', 'marker']);
  });

  it('a message object the app reuses with new text is a new message, not a retry', async () => {
    const { alice, bob, roomID } = await twoInRoom();
    const input: ZIMMessageInput = { type: 1, message: 'first' };
    const first = await alice.zim.sendRoomMessage(input, roomID);
    input.message = 'second';
    const second = await alice.zim.sendRoomMessage(input, roomID);
    expect(Number(second.message.messageID)).toBeGreaterThan(Number(first.message.messageID));
    await expect
      .poll(() => bob.rec.of('receiveRoomMessage').flatMap((e) => e.messageList.map((m) => m.message)))
      .toEqual(['first', 'second']);
  });

  it('command messages carry bytes and arrive as a plain Uint8Array', async () => {
    const { alice, bob, roomID } = await twoInRoom();
    const bytes = new TextEncoder().encode(JSON.stringify({ cmd: 'mute' }));
    const sent = await alice.zim.sendMessage({ type: 2, message: bytes }, roomID, 1, { priority: 1 });
    expect(sent.message.message).toEqual(bytes);
    const received = await bob.rec.waitFor('receiveRoomMessage');
    const payload = received.messageList[0]!.message;
    expect(payload).toBeInstanceOf(Uint8Array);
    expect(Object.getPrototypeOf(payload)).toBe(Uint8Array.prototype);
    expect(JSON.parse(new TextDecoder().decode(payload as Uint8Array))).toEqual({ cmd: 'mute' });
  });

  it('queryHistoryMessage pages with nextMessage; a late joiner reads what was said before', async () => {
    const { alice, roomID } = await twoInRoom();
    for (let i = 1; i <= 5; i++)
      await alice.zim.sendRoomMessage({ type: 1, message: `m${i}` }, roomID, { priority: 3 });
    const late = await newUser(server);
    await late.zim.joinRoom(roomID);
    const page1 = await late.zim.queryHistoryMessage(roomID, 1, { count: 3 });
    expect(page1.conversationID).toBe(roomID);
    expect(page1.conversationType).toBe(1);
    expect(page1.messageList).toHaveLength(3);
    const page2 = await late.zim.queryHistoryMessage(roomID, 1, { count: 3, nextMessage: page1.messageList[0]! });
    const all = [...page2.messageList, ...page1.messageList].map((m) => m.message);
    expect(all).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(page1.messageList.every((m) => m.direction === ZIMMessageDirection.Receive)).toBe(true);
    const own = await alice.zim.queryHistoryMessage(roomID, 1, { count: 1 });
    expect(own.messageList[0]?.direction).toBe(ZIMMessageDirection.Send);
    // ZIM types nextMessage as any message, messageID optional: one without an ID starts at the end.
    const unsent = await late.zim.queryHistoryMessage(roomID, 1, {
      count: 2,
      nextMessage: { type: 1, message: 'draft' } as never,
    });
    expect(unsent.messageList.map((m) => m.message)).toEqual(['m4', 'm5']);
  });

  it('sending to a room the session is not in fails 6000321; a peer conversation fails 6000001', async () => {
    const { roomID } = await twoInRoom();
    const outsider = await newUser(server);
    expect((await rejection(outsider.zim.sendRoomMessage({ type: 1, message: 'x' }, roomID))).code).toBe(
      ZIMErrorCode.NotInRoom,
    );
    expect(
      (await rejection(outsider.zim.sendMessage({ type: 1, message: 'x' }, 'someone', 0, { priority: 2 }))).code,
    ).toBe(ZIMErrorCode.InvalidParameter);
  });
});
