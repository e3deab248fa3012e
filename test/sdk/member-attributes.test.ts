import { describe, expect, it } from 'vitest';
import { ZIMErrorCode } from '../../lib/zim/index.ts';
import { newUser, rejection, uid, useServer } from './helpers.ts';

const server = useServer();

async function twoInRoom() {
  const alice = await newUser(server);
  const bob = await newUser(server);
  const roomID = uid('members');
  await alice.zim.createRoom({ roomID, roomName: '' });
  await bob.zim.joinRoom(roomID);
  return { alice, bob, roomID };
}

describe('member attributes through the SDK', () => {
  it("ZIM's calls and event: a raised hand set, queried, listed, and gone when its member leaves", async () => {
    const { alice, bob, roomID } = await twoInRoom();
    const result = await bob.zim.setRoomMembersAttributes({ hand: 'up' }, [bob.userID], roomID, {
      isDeleteAfterOwnerLeft: true,
    });
    expect(result).toEqual({
      roomID,
      infos: [{ attributesInfo: { userID: bob.userID, attributes: { hand: 'up' } }, errorKeys: [] }],
      errorUserList: [],
    });
    const update = await alice.rec.waitFor('roomMemberAttributesUpdated');
    expect(update).toEqual({
      roomID,
      infos: [{ attributesInfo: { userID: bob.userID, attributes: { hand: 'up' } } }],
      operatedInfo: { userID: bob.userID },
    });
    await expect(alice.zim.queryRoomMembersAttributes([bob.userID], roomID)).resolves.toEqual({
      roomID,
      infos: [{ userID: bob.userID, attributes: { hand: 'up' } }],
    });
    await expect(alice.zim.queryRoomMemberAttributesList(roomID, { nextFlag: '', count: 100 })).resolves.toEqual({
      roomID,
      infos: [{ userID: bob.userID, attributes: { hand: 'up' } }],
      nextFlag: '',
    });
    await bob.zim.leaveRoom(roomID);
    await expect(alice.zim.queryRoomMemberAttributesList(roomID, { nextFlag: '', count: 100 })).resolves.toMatchObject({
      infos: [],
    });
  });

  it('bad arguments fail 6000001 before anything is sent; the limits keep their own codes', async () => {
    const { alice, roomID } = await twoInRoom();
    const bad = (p: Promise<unknown>) => rejection(p).then((e) => e.code);
    expect(await bad(alice.zim.setRoomMembersAttributes({ k: 1 } as never, [alice.userID], roomID))).toBe(
      ZIMErrorCode.InvalidParameter,
    );
    expect(await bad(alice.zim.setRoomMembersAttributes({ k: 'v' }, [], roomID))).toBe(ZIMErrorCode.InvalidParameter);
    expect(await bad(alice.zim.queryRoomMembersAttributes(['bad id'], roomID))).toBe(ZIMErrorCode.InvalidParameter);
    expect(await bad(alice.zim.queryRoomMemberAttributesList(roomID, { nextFlag: '', count: 101 }))).toBe(
      ZIMErrorCode.InvalidParameter,
    );
    expect(await bad(alice.zim.setRoomMembersAttributes({ toolongkey: 'v' }, [alice.userID], roomID))).toBe(
      ZIMErrorCode.RoomMemberAttributesKeyTooLong,
    );
  });
});
