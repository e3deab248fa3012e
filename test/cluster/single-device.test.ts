/**
 * SPEC 1 / 11: ZIM's single-device policy across nodes — a user's second session entering a room
 * on another node removes the first from it, which learns it (KickedOutByOtherDevice).
 */
import { describe, expect, it } from 'vitest';
import { roomInfo } from '../helpers/clients.ts';
import { settle } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';
import { memberIDsOf, useCluster } from './fixture.ts';

describe('single-device policy across two nodes', () => {
  const c = useCluster(2, { CONVENE_SINGLE_DEVICE: 'true' });

  it("a user's session on node 2 entering the room takes it from the session on node 1; the others see no leave or join", async () => {
    const other = await c.connect(0, 'other');
    const first = await c.connect(0, 'dev');
    const roomID = uniqueID('room');
    await other.ok('createRoom', roomInfo(roomID));
    await first.ok('joinRoom', { roomID });
    await other.waitFor('roomMemberJoined', (d) => d.roomID === roomID);
    const second = await c.connectAs(1, first.userID);
    await second.ok('joinRoom', { roomID });
    const kicked = await first.waitFor('roomStateChanged', (d) => d.roomID === roomID);
    expect(kicked).toMatchObject({ roomID, state: 0, event: 10 });
    // The first session is out of the room; the user is still a member through the second.
    expect(await first.call('leaveRoom', { roomID })).toMatchObject({ ok: false, error: { code: 6000321 } });
    expect(await memberIDsOf(other, roomID)).toEqual([other.userID, first.userID].sort());
    await settle();
    expect(other.of('roomMemberLeft')).toEqual([]);
    expect(other.of('roomMemberJoined').flatMap((d) => d.memberList.map((m: { userID: string }) => m.userID))).toEqual([
      first.userID,
    ]);
    // A message to the room reaches the second session only.
    await other.ok('sendMessage', {
      message: { type: 1, message: 'hi' },
      toConversationID: roomID,
      conversationType: 1,
    });
    await second.waitFor('receiveRoomMessage', (d) => d.fromConversationID === roomID);
    await settle();
    expect(first.of('receiveRoomMessage')).toEqual([]);
  });

  it('two sessions of one user entering one room at once on two nodes: exactly one stays in it', async () => {
    const owner = await c.connect(1, 'owner');
    const a = await c.connect(0, 'dev');
    const b = await c.connectAs(1, a.userID);
    const roomID = uniqueID('room');
    await owner.ok('createRoom', roomInfo(roomID));
    const acks = await Promise.all([a.call('joinRoom', { roomID }), b.call('joinRoom', { roomID })]);
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const kicked = await Promise.race(
      [a, b].map((s) => s.waitFor('roomStateChanged', (d) => d.roomID === roomID && d.event === 10).then(() => s)),
    );
    const kept = kicked === a ? b : a;
    await settle();
    expect(kept.of('roomStateChanged').filter((d) => d.roomID === roomID)).toEqual([]);
    expect(await kept.ok('queryRoomOnlineMemberCount', { roomID })).toEqual({ roomID, count: 2 });
  });
});
