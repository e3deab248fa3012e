/**
 * The app's backend for the host (app/api/host route handlers), called as Next calls them, against
 * the real server and real SDK users: the caller's token and host role are checked, and each
 * action reaches the members (kick with reason, end, topic, simulated students).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as endClass } from '../../app/api/host/rooms/[roomID]/route.ts';
import { POST as kick } from '../../app/api/host/rooms/[roomID]/kick/route.ts';
import { POST as addStudents } from '../../app/api/host/rooms/[roomID]/simulated-students/route.ts';
import { PUT as setTopic } from '../../app/api/host/rooms/[roomID]/topic/route.ts';
import { GET as config } from '../../app/api/host/config/route.ts';
import { HOST_KEY, kickReason } from '../../lib/classroom/class-keys.ts';
import { simulatedClasses } from '../../lib/classroom/simulated-class.ts';
import { ZIMRoomEvent, ZIMRoomState } from '../../lib/protocol/index.ts';
import { issueToken } from '../../server/token.ts';
import { newUser, TEST_SECRET, uid, useServer } from './helpers.ts';

const SERVER_SECRET = 'host-routes-server-secret';
const server = useServer({ serverSecret: SERVER_SECRET, demoTokens: true });

beforeAll(() => {
  process.env.CONVENE_TOKEN_SECRET = TEST_SECRET;
  process.env.CONVENE_SERVER_SECRET = SERVER_SECRET;
  process.env.CONVENE_SERVER_URL = server.url;
  process.env.CONVENE_DEMO_TOKENS = 'true';
});
afterAll(() => simulatedClasses().clear());

type Handler = (request: Request, context: { params: Promise<{ roomID: string }> }) => Promise<Response>;

/** Calls a handler as Next does; `as`: the userID whose token is sent (none: no header). */
async function call(handler: Handler, roomID: string, options: { as?: string; token?: string; body?: unknown } = {}) {
  const token = options.token ?? (options.as ? issueToken(TEST_SECRET, options.as, 600) : undefined);
  const request = new Request(`http://app.test/api/host/rooms/${roomID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handler(request, { params: Promise.resolve({ roomID }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A class: the host created it with the host attribute; two students joined. */
async function physicsClass() {
  const roomID = uid('physics');
  const host = await newUser(server, uid('rivera'), 'Ms. Rivera');
  const bob = await newUser(server, uid('bob'), 'Bob Stone');
  const cleo = await newUser(server, uid('cleo'), 'Cleo Park');
  await host.zim.createRoom({ roomID, roomName: 'Physics 101' }, { roomAttributes: { [HOST_KEY]: host.userID } });
  await bob.zim.joinRoom(roomID);
  await cleo.zim.joinRoom(roomID);
  return { roomID, host, bob, cleo };
}

describe('who may call the host routes', () => {
  it('no token, a forged token or a student’s token is refused; a missing room is 404; nothing changes', async () => {
    const { roomID, host, bob, cleo } = await physicsClass();
    const body = { userID: cleo.userID, reason: 'x' };
    expect((await call(kick, roomID, { body })).status).toBe(401);
    const forged = issueToken('another-secret', host.userID, 600);
    expect((await call(kick, roomID, { token: forged, body })).status).toBe(401);
    const student = await call(kick, roomID, { as: bob.userID, body });
    expect(student).toMatchObject({ status: 403, body: { message: 'Only the host of this class can do that' } });
    expect((await call(kick, uid('missing'), { as: host.userID, body })).status).toBe(404);
    expect((await call(endClass, roomID, { as: bob.userID })).status).toBe(403);
    const { count } = await host.zim.queryRoomOnlineMemberCount(roomID);
    expect(count).toBe(3);
  });

  it('a student who forces the host attribute onto themselves gains nothing; the creator stays host', async () => {
    const { roomID, host, bob, cleo } = await physicsClass();
    await bob.zim.setRoomAttributes({ [HOST_KEY]: bob.userID }, roomID, {
      isForce: true,
      isDeleteAfterOwnerLeft: false,
      isUpdateOwner: true,
    });
    await cleo.rec.waitFor('roomAttributesUpdated', (e) =>
      e.infos.some((i) => i.roomAttributes[HOST_KEY] === bob.userID),
    );
    const body = { userID: cleo.userID, reason: 'x' };
    expect(await call(kick, roomID, { as: bob.userID, body })).toMatchObject({ status: 403 });
    expect((await call(endClass, roomID, { as: bob.userID })).status).toBe(403);
    expect((await host.zim.queryRoomOnlineMemberCount(roomID)).count).toBe(3);
    expect((await call(setTopic, roomID, { as: host.userID, body: { topic: 'Still mine' } })).status).toBe(200);
  });

  it('bad bodies are refused with a readable message', async () => {
    const { roomID, host } = await physicsClass();
    expect(await call(kick, roomID, { as: host.userID, body: { reason: 'no user' } })).toMatchObject({ status: 400 });
    expect(await call(kick, roomID, { as: host.userID, body: { userID: host.userID } })).toMatchObject({ status: 400 });
    expect(await call(setTopic, roomID, { as: host.userID, body: { topic: '   ' } })).toMatchObject({ status: 400 });
    expect(await call(addStudents, roomID, { as: host.userID, body: { count: 51 } })).toMatchObject({ status: 400 });
  });
});

describe('what the host does', () => {
  it('removing a student: the student is KickedOut with the reason, the others see the leave', async () => {
    const { roomID, host, bob, cleo } = await physicsClass();
    const body = { userID: bob.userID, reason: 'Phones away', userName: 'Bob Stone', hostName: 'Ms. Rivera' };
    expect((await call(kick, roomID, { as: host.userID, body })).status).toBe(200);
    const state = await bob.rec.waitFor(
      'roomStateChanged',
      (e) => e.roomID === roomID && e.state === ZIMRoomState.Disconnected,
    );
    expect(state.event).toBe(ZIMRoomEvent.KickedOut);
    expect(kickReason(state.extendedData)).toBe('Phones away');
    await cleo.rec.waitFor('roomMemberLeft', (e) => e.memberList.some((m) => m.userID === bob.userID));
    // The class is told by name, by the server.
    const told = await cleo.rec.waitFor('receiveRoomMessage', (e) =>
      e.messageList.some((m) => m.senderUserID === '@server'),
    );
    expect(told.messageList[0]?.message).toBe('Ms. Rivera removed Bob Stone from the class: Phones away');
    // Removing someone who is no longer there says so.
    const again = await call(kick, roomID, { as: host.userID, body });
    expect(again).toMatchObject({ status: 404, body: { message: 'Bob Stone is not in this class' } });
  });

  it('setting the topic reaches every member; ending the class ends it for everyone', async () => {
    const { roomID, host, bob, cleo } = await physicsClass();
    expect((await call(setTopic, roomID, { as: host.userID, body: { topic: 'Newton’s laws' } })).status).toBe(200);
    await cleo.rec.waitFor('roomAttributesUpdated', (e) =>
      e.infos.some((i) => i.roomAttributes.topic === 'Newton’s laws'),
    );
    expect((await call(endClass, roomID, { as: host.userID })).status).toBe(200);
    await bob.rec.waitFor('receiveRoomMessage', (e) =>
      e.messageList.some((m) => m.message === `${host.userID} ended the class.`),
    );
    for (const user of [host, bob, cleo]) {
      const state = await user.rec.waitFor(
        'roomStateChanged',
        (e) => e.roomID === roomID && e.state === ZIMRoomState.Disconnected,
      );
      expect(state.event).toBe(ZIMRoomEvent.RoomNotExist);
    }
  });

  it('simulated students join and talk, leave when removed, and all leave when the class ends', async () => {
    const { roomID, host } = await physicsClass();
    const added = await call(addStudents, roomID, { as: host.userID, body: { count: 5 } });
    expect(added).toEqual({ status: 200, body: { added: 5 } });
    const { count } = await host.zim.queryRoomOnlineMemberCount(roomID);
    expect(count).toBe(8);
    await host.rec.waitFor(
      'receiveRoomMessage',
      (e) => e.messageList.some((m) => m.senderUserID.startsWith('sim-')),
      10_000,
    );

    const [one] = (await host.zim.queryRoomMemberList(roomID, { nextFlag: '', count: 100 })).memberList.filter((m) =>
      m.userID.startsWith('sim-'),
    );
    expect((await call(kick, roomID, { as: host.userID, body: { userID: one!.userID } })).status).toBe(200);
    await expect.poll(() => simulatedClasses().count(roomID)).toBe(4);

    expect((await call(endClass, roomID, { as: host.userID })).status).toBe(200);
    await expect.poll(() => simulatedClasses().count(roomID)).toBe(0);
  });

  it('simulated students leave when the host leaves', async () => {
    const { roomID, host } = await physicsClass();
    expect((await call(addStudents, roomID, { as: host.userID, body: { count: 5 } })).status).toBe(200);
    expect(simulatedClasses().count(roomID)).toBe(5);
    await host.zim.leaveRoom(roomID);
    await expect.poll(() => simulatedClasses().count(roomID)).toBe(0);
  });

  it('without demo mode there is no demo class', async () => {
    const { roomID, host } = await physicsClass();
    process.env.CONVENE_DEMO_TOKENS = 'false';
    try {
      expect(await config().json()).toEqual({ demoClass: false });
      expect((await call(addStudents, roomID, { as: host.userID, body: { count: 5 } })).status).toBe(404);
    } finally {
      process.env.CONVENE_DEMO_TOKENS = 'true';
    }
    expect(await config().json()).toEqual({ demoClass: true });
  });
});
