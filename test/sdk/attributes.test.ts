import { describe, expect, it } from 'vitest';
import { ZIMErrorCode, ZIMRoomAttributesUpdateAction as A } from '../../lib/zim/index.ts';
import { newUser, rejection, uid, useServer } from './helpers.ts';

const server = useServer();

async function twoInRoom() {
  const alice = await newUser(server);
  const bob = await newUser(server);
  const roomID = uid('attrs');
  await alice.zim.createRoom({ roomID, roomName: '' });
  await bob.zim.joinRoom(roomID);
  return { alice, bob, roomID };
}

describe('room attributes', () => {
  it('set, delete and query go to the server; members see roomAttributesUpdated', async () => {
    const { alice, bob, roomID } = await twoInRoom();
    await expect(alice.zim.setRoomAttributes({ seat1: alice.userID }, roomID)).resolves.toEqual({
      roomID,
      errorKeys: [],
    });
    await bob.rec.waitFor(
      'roomAttributesUpdated',
      (e) => e.infos[0]?.action === A.Set && e.infos[0].roomAttributes.seat1 === alice.userID,
    );
    await expect(alice.zim.queryRoomAllAttributes(roomID)).resolves.toEqual({
      roomID,
      roomAttributes: { seat1: alice.userID },
    });
    // Bob may not change Alice's key without isForce: the key comes back in errorKeys.
    await expect(bob.zim.setRoomAttributes({ seat1: bob.userID }, roomID)).resolves.toEqual({
      roomID,
      errorKeys: ['seat1'],
    });
    await expect(bob.zim.deleteRoomAttributes(['seat1'], roomID, { isForce: true })).resolves.toEqual({
      roomID,
      errorKeys: [],
    });
    await alice.rec.waitFor('roomAttributesUpdated', (e) => e.infos[0]?.action === A.Delete);
  });

  it('a batch is gathered locally and sent by end…; members get one roomAttributesBatchUpdated', async () => {
    const { alice, bob, roomID } = await twoInRoom();
    await alice.zim.setRoomAttributes({ old: '1' }, roomID);
    alice.zim.beginRoomAttributesBatchOperation(roomID, {
      isForce: false,
      isDeleteAfterOwnerLeft: false,
      isUpdateOwner: false,
    });
    // Gathered, not sent: they resolve at once and nothing changes yet.
    await expect(alice.zim.setRoomAttributes({ a: '1', b: '2' }, roomID)).resolves.toEqual({ roomID, errorKeys: [] });
    await expect(alice.zim.deleteRoomAttributes(['old'], roomID)).resolves.toEqual({ roomID, errorKeys: [] });
    expect((await bob.zim.queryRoomAllAttributes(roomID)).roomAttributes).toEqual({ old: '1' });
    const result = await alice.zim.endRoomAttributesBatchOperation(roomID);
    expect(result).toEqual({ roomID, errorKeys: [] });
    const update = await bob.rec.waitFor('roomAttributesBatchUpdated', (e) => e.roomID === roomID);
    expect(update.infos).toEqual(
      expect.arrayContaining([
        { action: A.Set, roomAttributes: { a: '1', b: '2' } },
        { action: A.Delete, roomAttributes: expect.objectContaining({ old: expect.any(String) }) },
      ]),
    );
    expect((await bob.zim.queryRoomAllAttributes(roomID)).roomAttributes).toEqual({ a: '1', b: '2' });
    // The batch is consumed: the next set goes straight to the server.
    await alice.zim.setRoomAttributes({ c: '3' }, roomID);
    expect((await bob.zim.queryRoomAllAttributes(roomID)).roomAttributes).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('begin again resets the batch', async () => {
    const { alice, roomID } = await twoInRoom();
    alice.zim.beginRoomAttributesBatchOperation(roomID);
    await alice.zim.setRoomAttributes({ dropped: 'x' }, roomID);
    alice.zim.beginRoomAttributesBatchOperation(roomID);
    await alice.zim.setRoomAttributes({ kept: 'y' }, roomID);
    await alice.zim.endRoomAttributesBatchOperation(roomID);
    expect((await alice.zim.queryRoomAllAttributes(roomID)).roomAttributes).toEqual({ kept: 'y' });
  });

  it("a batch's config applies to the calls inside it that set no flags of their own", async () => {
    const { alice, bob, roomID } = await twoInRoom();
    await alice.zim.setRoomAttributes({ seat: alice.userID }, roomID);
    bob.zim.beginRoomAttributesBatchOperation(roomID, { isForce: true });
    await bob.zim.setRoomAttributes({ seat: bob.userID }, roomID);
    await expect(bob.zim.endRoomAttributesBatchOperation(roomID)).resolves.toEqual({ roomID, errorKeys: [] });
    expect((await alice.zim.queryRoomAllAttributes(roomID)).roomAttributes).toEqual({ seat: bob.userID });
  });

  it('end… without begin… fails 6000330', async () => {
    const { alice, roomID } = await twoInRoom();
    expect((await rejection(alice.zim.endRoomAttributesBatchOperation(roomID))).code).toBe(
      ZIMErrorCode.RoomAttributesError,
    );
  });

  it("limits are the server's: a key over 16 bytes fails 6000335", async () => {
    const { alice, roomID } = await twoInRoom();
    const error = await rejection(alice.zim.setRoomAttributes({ 'a-key-longer-than-16': 'v' }, roomID));
    expect(error.code).toBe(ZIMErrorCode.RoomAttributeKeyTooLong);
  });

  it('a member list query pages with nextFlag; queryRoomMembers and the online count answer', async () => {
    const { alice, bob, roomID } = await twoInRoom();
    const carol = await newUser(server);
    await carol.zim.joinRoom(roomID);
    const seen: string[] = [];
    let nextFlag = '';
    do {
      const page = await alice.zim.queryRoomMemberList(roomID, { nextFlag, count: 2 });
      expect(page.roomID).toBe(roomID);
      seen.push(...page.memberList.map((m) => m.userID));
      nextFlag = page.nextFlag;
    } while (nextFlag !== '');
    expect(seen.sort()).toEqual([alice.userID, bob.userID, carol.userID].sort());
    const ghost = uid('ghost');
    const members = await alice.zim.queryRoomMembers([bob.userID, ghost], roomID);
    expect(members.memberList.map((m) => m.userID)).toEqual([bob.userID]);
    expect(members.errorUserList.map((e) => e.userID)).toEqual([ghost]);
    await expect(alice.zim.queryRoomOnlineMemberCount(roomID)).resolves.toEqual({ roomID, count: 3 });
  });
});
