/**
 * The class in the web app's store (lib/store/class-state.ts and its actions): raised hands as
 * member attributes, the host, and how kicks and the end of a class are said.
 */
import { describe, expect, it } from 'vitest';
import { kickReason } from '../../lib/classroom/class-keys.ts';
import { raisedHands } from '../../lib/store/class-state.ts';
import { createConveneStore } from '../../lib/store/convene-store.ts';
import { ZIMRoomEvent, ZIMRoomState } from '../../lib/protocol/client.ts';

const roomID = 'phys-101';
const person = (userID: string, userName: string) => ({ userID, userName, userAvatarUrl: '', userExtendedData: '' });
const rivera = person('rivera', 'Ms. Rivera');
const bob = person('bob', 'Bob Stone');
const cleo = person('cleo', 'Cleo Park');

/** A store signed in as `self`, in a class hosted by Ms. Rivera with Bob and Cleo. */
function classStore(self = bob) {
  const store = createConveneStore({ now: () => 0 });
  const s = () => store.getState();
  s().signedIn(self);
  s().roomStateChanged({ roomID, state: ZIMRoomState.Connecting, event: ZIMRoomEvent.ActiveEnter, extendedData: '' });
  s().roomStateChanged({ roomID, state: ZIMRoomState.Connected, event: ZIMRoomEvent.Success, extendedData: '' });
  s().roomEntered({
    roomID,
    roomInfo: { baseInfo: { roomID, roomName: 'Physics 101' } },
    memberList: [rivera, bob, cleo],
    memberListComplete: true,
    roomAttributes: { host: 'rivera' },
    how: 'entered',
  });
  return store;
}

const hand = (userID: string, value: string, by = userID) => ({
  roomID,
  infos: [{ attributesInfo: { userID, attributes: { hand: value } } }],
  operatedInfo: { userID: by },
});

describe('member attributes in the store', () => {
  it('a raised hand is kept per member and counted; the host lowering it takes it down', () => {
    const store = classStore();
    store.getState().roomMemberAttributesUpdated(hand('cleo', 'up'));
    store.getState().roomMemberAttributesUpdated(hand('bob', 'up'));
    expect(raisedHands(store.getState().rooms[roomID]).sort()).toEqual(['bob', 'cleo']);
    store.getState().roomMemberAttributesUpdated(hand('cleo', 'down', 'rivera'));
    expect(raisedHands(store.getState().rooms[roomID])).toEqual(['bob']);
  });

  it('an update carries the member’s whole map: it replaces what is held, and an empty one removes it', () => {
    const store = classStore();
    store.getState().roomMemberAttributesUpdated({
      roomID,
      infos: [{ attributesInfo: { userID: 'bob', attributes: { seat: 'B4' } } }],
      operatedInfo: { userID: 'bob' },
    });
    store.getState().roomMemberAttributesUpdated({
      roomID,
      infos: [{ attributesInfo: { userID: 'bob', attributes: { seat: 'B4', hand: 'up' } } }],
      operatedInfo: { userID: 'bob' },
    });
    expect(store.getState().rooms[roomID]?.memberAttributes.bob).toEqual({ seat: 'B4', hand: 'up' });
    store.getState().roomMemberAttributesUpdated({
      roomID,
      infos: [{ attributesInfo: { userID: 'bob', attributes: { hand: 'up' } } }],
      operatedInfo: { userID: 'bob' },
    });
    expect(store.getState().rooms[roomID]?.memberAttributes.bob).toEqual({ hand: 'up' });
    store.getState().roomMemberAttributesUpdated({
      roomID,
      infos: [{ attributesInfo: { userID: 'bob', attributes: {} } }],
      operatedInfo: { userID: 'bob' },
    });
    expect(store.getState().rooms[roomID]?.memberAttributes).toEqual({});
  });

  it('a member’s attributes go when it leaves', () => {
    const store = classStore();
    store.getState().roomMemberAttributesUpdated(hand('cleo', 'up'));
    store.getState().roomMemberLeft({ roomID, memberList: [cleo] });
    expect(store.getState().rooms[roomID]?.memberAttributes).toEqual({});
    expect(raisedHands(store.getState().rooms[roomID])).toEqual([]);
  });

  it('a queried list replaces what is held', () => {
    const store = classStore();
    store.getState().roomMemberAttributesUpdated(hand('cleo', 'up'));
    store.getState().roomMemberAttributesListQueried(roomID, [{ userID: 'bob', attributes: { hand: 'up' } }]);
    expect(store.getState().rooms[roomID]?.memberAttributes).toEqual({ bob: { hand: 'up' } });
  });

  it('the timeline names whose attributes changed and who changed them', () => {
    const store = classStore();
    store.getState().roomMemberAttributesUpdated(hand('cleo', 'down', 'rivera'));
    const entry = store.getState().log[0]!;
    expect(entry.event).toBe('roomMemberAttributesUpdated');
    expect(entry.title).toBe('phys-101 · member attributes');
    expect(entry.detail).toBe('Cleo Park: hand = down — by Ms. Rivera');
  });
});

describe('kicks and the end of a class, by name', () => {
  it('a removed member is told who removed them from which class and why', () => {
    const store = classStore();
    store.getState().roomStateChanged({
      roomID,
      state: ZIMRoomState.Disconnected,
      event: ZIMRoomEvent.KickedOut,
      extendedData: '{"reason":"Phones away, please"}',
    });
    const [notice] = store.getState().notices;
    expect(notice?.ending).toEqual({ hostName: 'Ms. Rivera', byYou: false, reason: 'Phones away, please' });
    expect(store.getState().rooms[roomID]).toBeUndefined();
    expect(store.getState().log[0]?.detail).toBe('Ms. Rivera removed you from Physics 101: Phones away, please');
  });

  it('when the host ends the class, members are told who ended it, and the host that they did', () => {
    const member = classStore();
    member.getState().roomStateChanged({
      roomID,
      state: ZIMRoomState.Disconnected,
      event: ZIMRoomEvent.RoomNotExist,
      extendedData: '',
    });
    expect(member.getState().log[0]?.detail).toBe('The class has ended: Ms. Rivera ended Physics 101.');
    const host = classStore(rivera);
    host.getState().roomStateChanged({
      roomID,
      state: ZIMRoomState.Disconnected,
      event: ZIMRoomEvent.RoomNotExist,
      extendedData: '',
    });
    expect(host.getState().log[0]?.detail).toBe('The class has ended: you ended Physics 101.');
    expect(host.getState().notices[0]?.ending.byYou).toBe(true);
  });

  it('a room without a host says nothing about a class', () => {
    const store = createConveneStore({ now: () => 0 });
    store
      .getState()
      .roomStateChanged({ roomID: 'r', state: ZIMRoomState.Connected, event: ZIMRoomEvent.Success, extendedData: '' });
    store.getState().roomStateChanged({
      roomID: 'r',
      state: ZIMRoomState.Disconnected,
      event: ZIMRoomEvent.RoomNotExist,
      extendedData: '',
    });
    expect(store.getState().notices[0]?.ending.hostName).toBeUndefined();
    expect(store.getState().log[0]?.detail).toBeUndefined();
  });

  it('the kick reason is read from JSON or plain text in extendedData', () => {
    expect(kickReason('{"reason":"Off topic"}')).toBe('Off topic');
    expect(kickReason('"Off topic"')).toBe('Off topic');
    expect(kickReason('Off topic')).toBe('Off topic');
    expect(kickReason('')).toBe('');
    expect(kickReason('{"other":1}')).toBe('');
  });

  it('what the server tells the class goes into the timeline', () => {
    const store = classStore();
    const message = {
      type: 1,
      message: 'Ms. Rivera removed Bob Stone from the class: Off topic',
      extendedData: '',
      messageID: '7',
      localMessageID: '',
      timestamp: 0,
      senderUserID: '@server',
      conversationID: roomID,
      conversationType: 1,
      direction: 1,
      sentStatus: 1,
      priority: 2,
    } as const;
    store.getState().receiveRoomMessage({ fromConversationID: roomID, messageList: [message] });
    expect(store.getState().log[0]).toMatchObject({
      title: 'phys-101 · from the server',
      detail: 'Ms. Rivera removed Bob Stone from the class: Off topic',
    });
    expect(store.getState().rooms[roomID]?.messages).toHaveLength(1);
  });
});
