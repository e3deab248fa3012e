/**
 * The web app's store driven directly with the SDK's event payloads, as bindZim hands them over:
 * what a UI shows of rooms (tabs and their order, the active room, members, attributes), of
 * notices, and of the session (its state and why it ended).
 */
import { describe, expect, it } from 'vitest';
import {
  ZIMConnectionEvent as CE,
  ZIMConnectionState as CS,
  ZIMErrorCode,
  ZIMRoomEvent as E,
  ZIMRoomState as S,
  HISTORY_PAGE_SIZE,
  ZIMConversationType,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageType,
  type ZIMMessage,
  type ZIMUserInfo,
} from '../../lib/protocol/client.ts';
import { createConveneStore } from '../../lib/store/convene-store.ts';
import type { ZIMRoomEnteredHow } from '../../lib/zim/sdk-types.ts';

const user = (id: string): ZIMUserInfo => ({
  userID: id,
  userName: id.toUpperCase(),
  userAvatarUrl: '',
  userExtendedData: '',
});
const me = user('me');
const said = (roomID: string, id: number): ZIMMessage => ({
  type: ZIMMessageType.Text,
  message: `m${id}`,
  messageID: String(id),
  localMessageID: '',
  timestamp: id,
  senderUserID: 'ann',
  conversationID: roomID,
  conversationType: ZIMConversationType.Room,
  direction: ZIMMessageDirection.Receive,
  sentStatus: ZIMMessageSentStatus.Success,
  priority: ZIMMessagePriority.Low,
  extendedData: '',
});
const texts = (room: { messages: ZIMMessage[] } | undefined) => room?.messages.map((m) => m.message);

function signedInStore() {
  const store = createConveneStore({ now: () => 0 });
  store.getState().signedIn(me);
  const s = () => store.getState();
  const state = (roomID: string, state: S, event: E, extendedData = '') =>
    s().roomStateChanged({ roomID, state, event, extendedData });
  const entered = (
    roomID: string,
    how: ZIMRoomEnteredHow,
    members: string[] = ['me'],
    roomAttributes: Record<string, string> = {},
    messageList?: ZIMMessage[],
  ) =>
    s().roomEntered({
      roomID,
      roomInfo: { baseInfo: { roomID, roomName: `Name of ${roomID}` } },
      memberList: members.map(user),
      memberListComplete: true,
      roomAttributes,
      ...(messageList ? { messageList } : {}),
      how,
    });
  /** What the SDK emits for a create or enter that succeeds. */
  const enter = (roomID: string, members?: string[], attributes?: Record<string, string>) => {
    state(roomID, S.Connecting, E.ActiveEnter);
    state(roomID, S.Connected, E.Success);
    entered(roomID, 'entered', members, attributes);
  };
  const members = (roomID: string) => Object.keys(s().rooms[roomID]?.members ?? {}).sort();
  return { store, s, state, entered, enter, members };
}

describe('the store, room by room', () => {
  it('a room being entered shows as a tab at once; roomEntered brings its name, members and attributes and makes it active', () => {
    const { s, state, entered, members } = signedInStore();
    state('r1', S.Connecting, E.ActiveCreate);
    expect(s().roomOrder).toEqual(['r1']);
    expect(s().rooms.r1).toMatchObject({ state: S.Connecting, roomName: '', memberCount: 0 });
    state('r1', S.Connected, E.Success);
    entered('r1', 'entered', ['me', 'ann'], { topic: 'sets' });
    expect(s().rooms.r1).toMatchObject({
      state: S.Connected,
      roomName: 'Name of r1',
      memberCount: 2,
      attributes: { topic: 'sets' },
      pending: false,
    });
    expect(members('r1')).toEqual(['ann', 'me']);
    expect(s().activeRoomID).toBe('r1');
  });

  it('rooms keep the order they were entered in; the newest entered is active; leaving picks the last connected', () => {
    const { s, state, enter } = signedInStore();
    enter('r1');
    enter('r2');
    enter('r3');
    expect(s().roomOrder).toEqual(['r1', 'r2', 'r3']);
    expect(s().activeRoomID).toBe('r3');
    s().selectRoom('r1');
    expect(s().activeRoomID).toBe('r1');
    state('r1', S.Disconnected, E.Success);
    expect(s().roomOrder).toEqual(['r2', 'r3']);
    expect(s().activeRoomID).toBe('r3');
    expect(s().notices).toEqual([]);
  });

  it('a switch: the target enters and is active, the source goes without a notice', () => {
    const { s, state, entered, enter } = signedInStore();
    enter('r1');
    state('r2', S.Connecting, E.ActiveSwitch);
    state('r2', S.Connected, E.Success);
    state('r1', S.Disconnected, E.Success);
    entered('r2', 'entered', ['me', 'bo']);
    expect(s().roomOrder).toEqual(['r2']);
    expect(s().activeRoomID).toBe('r2');
    expect(s().rooms.r2?.memberCount).toBe(2);
    expect(s().notices).toEqual([]);
  });

  it('a failed entry takes its tab away with no notice; a failed switch into a room already held leaves it as it was', () => {
    const { s, state, enter, members } = signedInStore();
    state('nope', S.Connecting, E.ActiveEnter);
    state('nope', S.Disconnected, E.EnterFailed);
    expect(s().rooms.nope).toBeUndefined();
    expect(s().roomOrder).toEqual([]);

    enter('r1');
    enter('r2', ['me', 'ann']);
    state('r2', S.Connecting, E.ActiveSwitch);
    expect(s().rooms.r2).toMatchObject({ state: S.Connected, pending: true });
    state('r2', S.Disconnected, E.SwitchFailed);
    expect(s().rooms.r2).toMatchObject({ state: S.Connected, pending: false });
    expect(members('r2')).toEqual(['ann', 'me']);
    expect(s().roomOrder).toEqual(['r1', 'r2']);
    expect(s().notices).toEqual([]);
  });

  it('a drop and a resume: Connecting while away, then the member list and attributes as the server sent them; the active room stays', () => {
    const { s, state, entered, enter, members } = signedInStore();
    enter('r1', ['me', 'ann', 'bo'], { topic: 'old' });
    enter('r2');
    s().selectRoom('r1');
    state('r1', S.Connecting, E.NetworkInterrupted);
    state('r2', S.Connecting, E.NetworkInterrupted);
    expect(s().rooms.r1?.state).toBe(S.Connecting);
    expect(members('r1')).toEqual(['ann', 'bo', 'me']);
    state('r1', S.Connected, E.Success);
    entered('r1', 'resumed', ['me', 'cy'], { topic: 'new' });
    state('r2', S.Connected, E.Success);
    entered('r2', 'resumed');
    expect(members('r1')).toEqual(['cy', 'me']);
    expect(s().rooms.r1).toMatchObject({ state: S.Connected, memberCount: 2, attributes: { topic: 'new' } });
    expect(s().activeRoomID).toBe('r1');
    expect(s().roomOrder).toEqual(['r1', 'r2']);
  });

  it('an entered room shows the last messages its bundle brought; a full page says earlier ones may exist', () => {
    const { s, entered } = signedInStore();
    entered('few', 'entered', ['me'], {}, [said('few', 1), said('few', 2)]);
    expect(s().rooms.few).toMatchObject({ history: 'loaded', hasEarlier: false });
    expect(texts(s().rooms.few)).toEqual(['m1', 'm2']);
    const page = Array.from({ length: HISTORY_PAGE_SIZE }, (_, i) => said('many', i + 1));
    entered('many', 'restored', ['me'], {}, page);
    expect(s().rooms.many).toMatchObject({ history: 'loaded', hasEarlier: true });
    // Without messages in the bundle nothing is claimed about history.
    entered('none', 'entered');
    expect(s().rooms.none).toMatchObject({ history: 'idle', messages: [] });
  });

  it('a resumed room merges the page with the messages it held, each once, and keeps what paging found out', () => {
    const { s, entered } = signedInStore();
    entered(
      'r',
      'entered',
      ['me'],
      {},
      Array.from({ length: HISTORY_PAGE_SIZE }, (_, i) => said('r', i + 1)),
    );
    s().receiveRoomMessage({ messageList: [said('r', HISTORY_PAGE_SIZE + 1)], fromConversationID: 'r' });
    entered('r', 'resumed', ['me'], {}, [said('r', HISTORY_PAGE_SIZE + 1), said('r', HISTORY_PAGE_SIZE + 2)]);
    const ids = s().rooms.r!.messages.map((m) => Number(m.messageID));
    expect(ids).toEqual(Array.from({ length: HISTORY_PAGE_SIZE + 2 }, (_, i) => i + 1));
    expect(s().rooms.r!.hasEarlier).toBe(true);
  });

  it('rooms restored after a reload come with their names; the first becomes active', () => {
    const { s, state, entered } = signedInStore();
    state('r1', S.Connected, E.Success);
    expect(s().rooms.r1).toBeUndefined();
    entered('r1', 'restored', ['me', 'ann']);
    state('r2', S.Connected, E.Success);
    entered('r2', 'restored');
    expect(s().roomOrder).toEqual(['r1', 'r2']);
    expect(s().rooms.r1).toMatchObject({ roomName: 'Name of r1', state: S.Connected, memberCount: 2 });
    expect(s().activeRoomID).toBe('r1');
  });

  it('a member who leaves keeps their name in the room: their messages stay signed with it', () => {
    const { s, enter } = signedInStore();
    enter('r1', ['me', 'ann']);
    s().roomMemberJoined({ roomID: 'r1', memberList: [user('bo')] });
    s().roomMemberLeft({ roomID: 'r1', memberList: [user('ann'), user('bo')] });
    expect(Object.keys(s().rooms.r1!.members)).toEqual(['me']);
    expect(s().rooms.r1!.names).toEqual({ me: 'ME', ann: 'ANN', bo: 'BO' });
    // A list read later (a member list query, a resume) adds names and forgets none.
    s().roomMemberListQueried('r1', [me, user('cy')]);
    expect(s().rooms.r1!.names).toEqual({ me: 'ME', ann: 'ANN', bo: 'BO', cy: 'CY' });
  });

  it('member and attribute events update the room held; those of other rooms change nothing', () => {
    const { s, enter, members } = signedInStore();
    enter('r1', ['me', 'ann']);
    s().roomMemberJoined({ roomID: 'r1', memberList: [user('bo')] });
    s().roomMemberLeft({ roomID: 'r1', memberList: [user('ann')] });
    s().roomAttributesUpdated({ roomID: 'r1', infos: [{ action: 0, roomAttributes: { a: '1', b: '2' } }] });
    s().roomAttributesUpdated({ roomID: 'r1', infos: [{ action: 1, roomAttributes: { a: '' } }] });
    s().roomMemberJoined({ roomID: 'elsewhere', memberList: [user('zed')] });
    expect(members('r1')).toEqual(['bo', 'me']);
    expect(s().rooms.r1).toMatchObject({ memberCount: 2, attributes: { b: '2' } });
    expect(s().rooms.elsewhere).toBeUndefined();
  });

  it('a room taken away by the server shows a notice with its name, and the next room becomes active', () => {
    const { s, state, enter } = signedInStore();
    enter('r1');
    enter('r2');
    state('r2', S.Disconnected, E.KickedOut);
    expect(s().roomOrder).toEqual(['r1']);
    expect(s().activeRoomID).toBe('r1');
    expect(s().notices).toMatchObject([{ roomID: 'r2', roomName: 'Name of r2', event: E.KickedOut }]);
    s().dismissNotice(s().notices[0]!.id);
    expect(s().notices).toEqual([]);
  });
});

describe('the store, the session', () => {
  it('a session the server ends goes back to signing in, with the error and the event that ended it', () => {
    const { s, enter } = signedInStore();
    enter('r1');
    s().roomStateChanged({ roomID: 'r1', state: S.Disconnected, event: E.KickedOut, extendedData: '' });
    s().connectionStateChanged({ state: CS.Disconnected, event: CE.KickedOut, extendedData: '' });
    s().sessionEnded({ event: CE.KickedOut, error: { code: ZIMErrorCode.LoginFailed, message: 'Too many sessions' } });
    expect(s().sessionStatus).toBe('signedOut');
    expect(s().connection).toEqual({ state: CS.Disconnected, event: CE.KickedOut });
    expect(s().sessionError).toEqual({ code: ZIMErrorCode.LoginFailed, message: 'Too many sessions (KickedOut)' });
    expect(s().rooms).toEqual({});
  });

  it('logging out (event Success) ends the session without an error; an end before signing in completes is left to the sign-in', () => {
    const { s } = signedInStore();
    s().sessionEnded({ event: CE.Success, error: { code: ZIMErrorCode.NotLoggedIn, message: 'Logged out' } });
    expect(s().sessionStatus).toBe('signedIn');
    expect(s().sessionError).toBeNull();

    const other = createConveneStore();
    other.getState().signingIn(me, false);
    other.getState().sessionEnded({ event: CE.TokenExpired, error: { code: ZIMErrorCode.TokenExpired, message: 'x' } });
    expect(other.getState().sessionStatus).toBe('signingIn');
    other.getState().signedOut({ code: ZIMErrorCode.TokenExpired, message: 'expired' });
    expect(other.getState()).toMatchObject({
      sessionStatus: 'signedOut',
      sessionError: { code: ZIMErrorCode.TokenExpired, message: 'expired' },
    });
  });
});
