/**
 * The SDK checks its arguments with the wire's shared rules (lib/protocol/rules.ts), not zod:
 * bad ones fail 6000001 with the server's own messages before any event or callback, and what
 * the SDK fills in for a left-out argument is what the server would.
 */
import { describe, expect, it } from 'vitest';
import {
  ZIMErrorCode,
  ZIMMessagePriority,
  type ZIMMessage,
  type ZIMMessageInput,
  type ZIMMessageSendConfig,
} from '../../lib/zim/index.ts';
import { newClient, newUser, rejection, uid, useServer } from './helpers.ts';

const server = useServer();
const E = ZIMErrorCode.InvalidParameter;

describe('argument checks', () => {
  it('name the bad field as the server does', async () => {
    const alice = await newUser(server);
    alice.rec.clear();
    const cases: [Promise<unknown>, string][] = [
      [
        alice.zim.createRoom({ roomID: '', roomName: '' }),
        'Invalid parameter: roomInfo.roomID: roomID must not be empty',
      ],
      [
        alice.zim.enterRoom({ roomID: 'bad room', roomName: '' }),
        'Invalid parameter: roomInfo.roomID: roomID may hold only letters, digits and !#$%&()+-:;<=.>?@[]^_{}|~',
      ],
      [
        alice.zim.createRoom({ roomID: 'r', roomName: 'é'.repeat(33) }),
        'Invalid parameter: roomInfo.roomName: roomName must be at most 64 bytes',
      ],
      [
        alice.zim.createRoom({ roomID: uid('r'), roomName: '' }, { roomDestroyDelayTime: 1.5 }),
        'Invalid parameter: config.roomDestroyDelayTime: roomDestroyDelayTime must be a whole number of seconds',
      ],
      [
        alice.zim.switchRoom('x', { roomID: 'y'.repeat(129), roomName: '' }, true),
        'Invalid parameter: toRoomInfo.roomID: roomID must be at most 128 bytes',
      ],
      [alice.zim.joinRoom(undefined as unknown as string), 'Invalid parameter: roomID: roomID must be a string'],
      [
        alice.zim.queryRoomMemberList('x', { nextFlag: '', count: 101 }),
        'Invalid parameter: config.count: count must be 1…100',
      ],
    ];
    for (const [call, message] of cases) expect(await rejection(call)).toEqual({ code: E, message });
    expect(alice.rec.events).toEqual([]);
  });

  it('room calls refuse a bad config before the room reports Connecting', async () => {
    const alice = await newUser(server);
    alice.rec.clear();
    const roomInfo = { roomID: uid('r'), roomName: '' };
    const bad = [
      alice.zim.createRoom(roomInfo, { roomAttributes: { a: 1 as unknown as string } }),
      alice.zim.enterRoom(roomInfo, 'config' as unknown as undefined),
      alice.zim.enterRoom(roomInfo, { roomDestroyDelayTime: -1 }),
      alice.zim.switchRoom('x', roomInfo, true, { roomAttributes: null as unknown as Record<string, string> }),
    ];
    for (const call of bad) expect((await rejection(call)).code).toBe(E);
    expect(alice.rec.events).toEqual([]);
  });

  it('a bad message fails 6000001 before onMessageAttached', async () => {
    const alice = await newUser(server);
    const roomID = uid('chat');
    await alice.zim.createRoom({ roomID, roomName: '' });
    const attached: ZIMMessage[] = [];
    const send = (message: ZIMMessageInput, config: ZIMMessageSendConfig = { priority: ZIMMessagePriority.Medium }) =>
      alice.zim.sendMessage(message, roomID, 1, config, { onMessageAttached: (m) => attached.push(m) });
    const bad = [
      send({ type: 3 as 1, message: 'x' }),
      send({ type: 1, message: 42 as unknown as string }),
      send({ type: 200, message: 'x', subType: 1.5 }),
      send({ type: 1, message: 'x', extendedData: 'e'.repeat(1025) }),
      send({ type: 1, message: 'x', localMessageID: 'l'.repeat(65) }),
      send({ type: 1, message: 'x' }, { priority: 7 as 1 }),
      send(null as unknown as ZIMMessageInput),
    ];
    for (const call of bad) expect((await rejection(call)).code).toBe(E);
    expect(attached).toEqual([]);
  });

  it('login and renewToken check the user and token', async () => {
    const { zim, rec } = newClient(server);
    expect(await rejection(zim.login('a'.repeat(33)))).toEqual({
      code: E,
      message: 'Invalid parameter: userID must be at most 32 bytes',
    });
    expect((await rejection(zim.login('alice', { userName: 'x'.repeat(257) }))).code).toBe(E);
    expect((await rejection(zim.renewToken(undefined as unknown as string))).code).toBe(E);
    expect(rec.events).toEqual([]);
  });
});

describe('defaults the SDK fills in', () => {
  it('a left-out roomName is empty; a left-out send config is Medium priority with empty extendedData', async () => {
    const alice = await newUser(server);
    const roomID = uid('r');
    const entered = await alice.zim.enterRoom({ roomID } as { roomID: string; roomName: string });
    expect(entered.roomInfo.baseInfo).toEqual({ roomID, roomName: '' });
    const attached: ZIMMessage[] = [];
    const { message } = await alice.zim.sendMessage(
      { type: 1, message: 'hi' },
      roomID,
      1,
      null as unknown as { priority: 2 },
      {
        onMessageAttached: (m) => attached.push(m),
      },
    );
    expect(attached[0]).toMatchObject({
      priority: ZIMMessagePriority.Medium,
      extendedData: '',
      localMessageID: expect.any(String),
    });
    expect(message).toMatchObject({ priority: ZIMMessagePriority.Medium, extendedData: '' });
  });

  it('a batch keeps what was set, even if the caller then changes its objects', async () => {
    const alice = await newUser(server);
    const roomID = uid('r');
    await alice.zim.createRoom({ roomID, roomName: '' });
    alice.zim.beginRoomAttributesBatchOperation(roomID);
    const attributes: Record<string, string> = { a: '1' };
    const keys = ['b'];
    await alice.zim.setRoomAttributes(attributes, roomID);
    await alice.zim.setRoomAttributes({ b: '2' }, roomID);
    await alice.zim.deleteRoomAttributes(keys, roomID);
    attributes.a = 'changed';
    keys[0] = 'a';
    await alice.zim.endRoomAttributesBatchOperation(roomID);
    expect((await alice.zim.queryRoomAllAttributes(roomID)).roomAttributes).toEqual({ a: '1' });
  });
});
