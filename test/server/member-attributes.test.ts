import { describe, expect, it } from 'vitest';
import { failCode, roomWith, serverWithPool } from '../helpers/clients.ts';
import { settle, type RawClient } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';

const pool = serverWithPool({ memberBatchWindowMs: 50, memberAttributesQueryRate: 1000 });

/** A room created by A that B and C have joined. */
async function threeInRoom() {
  const [a, b, c] = await pool.connectEach('a', 'b', 'c');
  const roomID = uniqueID('room');
  await roomWith(roomID, a, b, c);
  // Past the batching window: later leaves are not folded into these joins.
  await a.waitFor('roomMemberJoined', (d) => d.memberList.some((m) => m.userID === c.userID));
  return { a, b, c, roomID };
}

const set = (
  client: RawClient,
  roomID: string,
  userIDs: string[],
  attributes: Record<string, string>,
  config?: object,
) => client.ok('setRoomMembersAttributes', { roomID, userIDs, attributes, config });
const attributesOf = async (client: RawClient, roomID: string, userIDs: string[]) =>
  (await client.ok('queryRoomMembersAttributes', { roomID, userIDs })).infos;
const updates = (client: RawClient) => client.of('roomMemberAttributesUpdated');

describe('member attributes (SPEC 6b)', () => {
  it("sets a member's attributes: the result lists each target's whole map, every member gets the update", async () => {
    const { a, b, c, roomID } = await threeInRoom();
    const result = await set(b, roomID, [b.userID], { hand: 'up' });
    expect(result).toEqual({
      roomID,
      infos: [{ attributesInfo: { userID: b.userID, attributes: { hand: 'up' } }, errorKeys: [] }],
      errorUserList: [],
    });
    for (const client of [a, b, c]) {
      expect(await client.waitFor('roomMemberAttributesUpdated')).toEqual({
        roomID,
        infos: [{ attributesInfo: { userID: b.userID, attributes: { hand: 'up' } } }],
        operatedInfo: { userID: b.userID },
      });
    }
    // A second set merges into the map.
    await set(a, roomID, [b.userID], { role: 'pupil' });
    expect(await attributesOf(c, roomID, [b.userID, c.userID])).toEqual([
      { userID: b.userID, attributes: { hand: 'up', role: 'pupil' } },
      { userID: c.userID, attributes: {} },
    ]);
  });

  it('targets outside the room go to errorUserList; the caller must be in the room (6000321)', async () => {
    const { a, b, roomID } = await threeInRoom();
    const outsider = await pool.connect('out');
    const result = await set(a, roomID, [b.userID, outsider.userID, 'nobody'], { seat: '3' });
    expect(result.errorUserList).toEqual([outsider.userID, 'nobody']);
    expect(result.infos.map((i: { attributesInfo: { userID: string } }) => i.attributesInfo.userID)).toEqual([
      b.userID,
    ]);
    expect(
      await failCode(outsider, 'setRoomMembersAttributes', {
        roomID,
        userIDs: [outsider.userID],
        attributes: { k: 'v' },
      }),
    ).toBe(6000321);
    expect(await failCode(outsider, 'queryRoomMembersAttributes', { roomID, userIDs: [b.userID] })).toBe(6000321);
    expect(
      await failCode(outsider, 'queryRoomMemberAttributesList', { roomID, config: { nextFlag: '', count: 10 } }),
    ).toBe(6000321);
  });

  it('limits: key over 8 bytes 6000352, value over 64 bytes 6000353, over 30 pairs or 144 bytes 6000351; nothing changes', async () => {
    const { a, b, roomID } = await threeInRoom();
    const call = (attributes: Record<string, string>) =>
      failCode(a, 'setRoomMembersAttributes', { roomID, userIDs: [b.userID], attributes });
    expect(await call({ ok: '1', ['k'.repeat(9)]: 'v' })).toBe(6000352);
    expect(await call({ ['é'.repeat(5)]: 'v' })).toBe(6000352);
    expect(await call({ k: 'v'.repeat(65) })).toBe(6000353);
    expect(await call(Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, ''])))).toBe(6000351);
    // 3 pairs of 8-byte keys and 40-byte values: 144 bytes fit, one byte more does not.
    await set(a, roomID, [b.userID], { aaaaaaaa: 'x'.repeat(40), bbbbbbbb: 'x'.repeat(40), cccccccc: 'x'.repeat(40) });
    expect(await call({ d: '' })).toBe(6000351);
    expect(
      await failCode(a, 'setRoomMembersAttributes', { roomID, userIDs: [b.userID], attributes: { '': 'v' } }),
    ).toBe(6000001);
    expect(await failCode(a, 'setRoomMembersAttributes', { roomID, userIDs: [], attributes: { k: 'v' } })).toBe(
      6000001,
    );
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect(await failCode(a, 'setRoomMembersAttributes', { roomID, userIDs: many, attributes: { k: 'v' } })).toBe(
      6000001,
    );
    expect(await failCode(a, 'queryRoomMembersAttributes', { roomID, userIDs: many })).toBe(6000001);
    expect(await failCode(a, 'setRoomMembersAttributes', { roomID, userIDs: [b.userID], attributes: { k: 1 } })).toBe(
      6000001,
    );
    expect((await attributesOf(a, roomID, [b.userID]))[0]!.attributes).toEqual({
      aaaaaaaa: 'x'.repeat(40),
      bbbbbbbb: 'x'.repeat(40),
      cccccccc: 'x'.repeat(40),
    });
    await settle(100);
    expect(updates(a)).toHaveLength(1);
  });

  it('the list pages every member with attributes in the order they got them', async () => {
    const { a, b, c, roomID } = await threeInRoom();
    await set(a, roomID, [c.userID], { n: '1' });
    await set(a, roomID, [a.userID, b.userID], { n: '2' });
    const first = await a.ok('queryRoomMemberAttributesList', { roomID, config: { nextFlag: '', count: 2 } });
    expect(first.infos).toEqual([
      { userID: c.userID, attributes: { n: '1' } },
      { userID: a.userID, attributes: { n: '2' } },
    ]);
    expect(first.nextFlag).not.toBe('');
    const second = await a.ok('queryRoomMemberAttributesList', {
      roomID,
      config: { nextFlag: first.nextFlag, count: 2 },
    });
    expect(second).toEqual({ roomID, infos: [{ userID: b.userID, attributes: { n: '2' } }], nextFlag: '' });
    expect(await failCode(a, 'queryRoomMemberAttributesList', { roomID, config: { nextFlag: '', count: 0 } })).toBe(
      6000001,
    );
  });

  it("a member's attributes go when it leaves; the others see its leave, not an extra update", async () => {
    const { a, b, c, roomID } = await threeInRoom();
    await set(b, roomID, [b.userID], { hand: 'up' });
    await b.ok('leaveRoom', { roomID });
    await a.waitFor('roomMemberLeft', (d) => d.memberList.some((m) => m.userID === b.userID));
    expect(await attributesOf(a, roomID, [b.userID])).toEqual([]);
    const list = await c.ok('queryRoomMemberAttributesList', { roomID, config: { nextFlag: '', count: 100 } });
    expect(list.infos).toEqual([]);
    await b.ok('joinRoom', { roomID });
    expect(await attributesOf(b, roomID, [b.userID])).toEqual([{ userID: b.userID, attributes: {} }]);
    expect(updates(a)).toHaveLength(1);
  });

  it('isDeleteAfterOwnerLeft false keeps them while the setter stays, and drops them (with an update) when it leaves', async () => {
    const { a, b, c, roomID } = await threeInRoom();
    await set(a, roomID, [b.userID], { seat: '7' }, { isDeleteAfterOwnerLeft: false });
    await set(a, roomID, [b.userID], { hand: 'up' });
    await b.ok('leaveRoom', { roomID });
    // hand (default true) went with b; the seat a set to keep stays.
    const after = await c.waitFor('roomMemberAttributesUpdated', (d) => d.operatedInfo.userID === b.userID);
    expect(after.infos).toEqual([{ attributesInfo: { userID: b.userID, attributes: { seat: '7' } } }]);
    expect(await attributesOf(c, roomID, [b.userID])).toEqual([{ userID: b.userID, attributes: { seat: '7' } }]);
    const before = updates(c).length;
    await a.ok('leaveRoom', { roomID });
    await expect.poll(() => updates(c).length).toBe(before + 1);
    const gone = updates(c).at(-1)!;
    expect(gone.operatedInfo).toEqual({ userID: a.userID });
    expect(gone.infos).toEqual([{ attributesInfo: { userID: b.userID, attributes: {} } }]);
    expect(
      (await c.ok('queryRoomMemberAttributesList', { roomID, config: { nextFlag: '', count: 10 } })).infos,
    ).toEqual([]);
  });

  it('the room being destroyed drops every member attribute', async () => {
    const [a] = await pool.connectEach('a');
    const roomID = uniqueID('room');
    await a.ok('createRoom', { roomInfo: { roomID, roomName: '' } });
    await set(a, roomID, [a.userID], { role: 'host' }, { isDeleteAfterOwnerLeft: false });
    await a.ok('leaveRoom', { roomID });
    await a.ok('createRoom', { roomInfo: { roomID, roomName: '' } });
    expect(await attributesOf(a, roomID, [a.userID])).toEqual([{ userID: a.userID, attributes: {} }]);
  });
});
