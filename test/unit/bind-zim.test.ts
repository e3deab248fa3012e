/**
 * The web app's binder (lib/store/bind-zim.ts): SDK events into the store. A scripted stand-in
 * plays the SDK here (the store is pure client state; the SDK and server have their own tests).
 */
import { describe, expect, it } from 'vitest';
import { bindZim, type BindableZim } from '../../lib/store/bind-zim.ts';
import { createConveneStore } from '../../lib/store/convene-store.ts';
import type { ZIMEventMap } from '../../lib/zim/event-map.ts';
import type { ZIMMessage, ZIMRoomMemberQueriedResult, ZIMUserInfo } from '../../lib/protocol/client.ts';
import type { MemberAttributesInfo } from '../../lib/store/class-state.ts';
import type { ZIMRoomEnteredHow } from '../../lib/zim/sdk-types.ts';

const user = (id: string): ZIMUserInfo => ({
  userID: id,
  userName: id.toUpperCase(),
  userAvatarUrl: '',
  userExtendedData: '',
});

/** Answers member-list pages only when the test says so, to put events between pages. */
function scriptedZim() {
  const listeners = new Map<string, (zim: unknown, data: unknown) => void>();
  const historyQueries: string[] = [];
  const pages: { resolve: (r: ZIMRoomMemberQueriedResult) => void; nextFlag: string }[] = [];
  const attributePages: {
    resolve: (r: { roomID: string; infos: MemberAttributesInfo[]; nextFlag: string }) => void;
    nextFlag: string;
  }[] = [];
  const zim: BindableZim = {
    subscribe: (event, listener) => {
      listeners.set(event, (_zim, data) => (listener as (data: unknown) => void)(data));
      return () => void listeners.delete(event);
    },
    queryHistoryMessage: (roomID) => {
      historyQueries.push(roomID);
      return Promise.resolve({ messageList: [] });
    },
    queryRoomMemberList: (roomID, config) =>
      new Promise((resolve) => pages.push({ resolve, nextFlag: config.nextFlag })),
    queryRoomMemberAttributesList: (roomID, config) =>
      new Promise((resolve) => attributePages.push({ resolve, nextFlag: config.nextFlag })),
  };
  const emit = <K extends keyof ZIMEventMap>(event: K, data: ZIMEventMap[K]) => listeners.get(event)?.(zim, data);
  /** The SDK's `roomEntered` for `roomID` with these members. */
  const entered = (
    roomID: string,
    members: string[],
    how: ZIMRoomEnteredHow,
    memberListComplete = true,
    messageList?: ZIMMessage[],
  ) =>
    emit('roomEntered', {
      roomID,
      roomInfo: { baseInfo: { roomID, roomName: 'Class' } },
      memberList: members.map(user),
      memberListComplete,
      roomAttributes: {},
      ...(messageList ? { messageList } : {}),
      how,
    });
  return { zim, emit, entered, pages, attributePages, historyQueries };
}

/** A bound store whose session has entered room "class" with members a, b and c (the whole list). */
function inClass() {
  const scripted = scriptedZim();
  const store = createConveneStore();
  bindZim(scripted.zim, store);
  const roomID = 'class';
  scripted.emit('roomStateChanged', { roomID, state: 1, event: 6, extendedData: '' });
  scripted.emit('roomStateChanged', { roomID, state: 2, event: 0, extendedData: '' });
  scripted.entered(roomID, ['a', 'b', 'c'], 'entered');
  return { ...scripted, store, roomID };
}

const memberIDs = (store: ReturnType<typeof createConveneStore>, roomID: string) =>
  Object.keys(store.getState().rooms[roomID]?.members ?? {}).sort();

describe('bindZim', () => {
  it('asks for history only when a new room came without it: the bundle brings it, a resume needs none', async () => {
    const scripted = scriptedZim();
    const store = createConveneStore();
    bindZim(scripted.zim, store);
    scripted.entered('carried', ['a'], 'entered', true, []);
    scripted.entered('unread', ['a'], 'entered');
    scripted.entered('away', ['a'], 'resumed');
    scripted.entered('reloaded', ['a'], 'restored');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(scripted.historyQueries.sort()).toEqual(['reloaded', 'unread']);
    expect(store.getState().rooms.carried?.history).toBe('loaded');
  });

  it('an entered list the SDK marks incomplete is paged in; a complete one is not', async () => {
    for (const complete of [false, true]) {
      const scripted = scriptedZim();
      const store = createConveneStore();
      bindZim(scripted.zim, store);
      const roomID = `class-${complete}`;
      scripted.emit('roomStateChanged', { roomID, state: 1, event: 6, extendedData: '' });
      scripted.emit('roomStateChanged', { roomID, state: 2, event: 0, extendedData: '' });
      scripted.entered(roomID, ['a', 'b', 'c'], 'entered', complete);
      expect(memberIDs(store, roomID)).toEqual(['a', 'b', 'c']);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(scripted.pages.length > 0).toBe(!complete);
      if (complete) continue;
      scripted.pages[0]!.resolve({ roomID, memberList: [user('a'), user('b'), user('c'), user('d')], nextFlag: '' });
      await expect.poll(() => memberIDs(store, roomID)).toEqual(['a', 'b', 'c', 'd']);
    }
  });

  it('a resume replaces the member list with the one the server sent, without paging it in again', async () => {
    const { store, emit, entered, pages, roomID } = inClass();
    emit('roomStateChanged', { roomID, state: 1, event: 1, extendedData: '' });
    // While away, b left and d joined: the resumed bundle says so.
    emit('roomStateChanged', { roomID, state: 2, event: 0, extendedData: '' });
    entered(roomID, ['a', 'c', 'd'], 'resumed');
    expect(memberIDs(store, roomID)).toEqual(['a', 'c', 'd']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pages).toHaveLength(0);
  });

  it('a member who leaves while an incomplete list is paged in after a resume is not brought back by an earlier page', async () => {
    const { store, emit, entered, pages, roomID } = inClass();
    emit('roomStateChanged', { roomID, state: 1, event: 1, extendedData: '' });
    emit('roomStateChanged', { roomID, state: 2, event: 0, extendedData: '' });
    entered(roomID, ['a', 'b'], 'resumed', false);
    await expect.poll(() => pages.length).toBe(1);
    pages[0]!.resolve({ roomID, memberList: [user('a'), user('b')], nextFlag: '2' });
    await expect.poll(() => pages.length).toBe(2);
    // b leaves between the pages; d joins.
    emit('roomMemberLeft', { roomID, memberList: [user('b')] });
    emit('roomMemberJoined', { roomID, memberList: [user('d')] });
    pages[1]!.resolve({ roomID, memberList: [user('c'), user('d')], nextFlag: '' });

    await expect.poll(() => memberIDs(store, roomID)).toEqual(['a', 'c', 'd']);
  });

  it('member attributes are read on entering, and an update that comes while the pages are read wins over them', async () => {
    const { store, emit, attributePages, roomID } = inClass();
    await expect.poll(() => attributePages.length).toBe(1);
    attributePages[0]!.resolve({ roomID, infos: [{ userID: 'a', attributes: { hand: 'up' } }], nextFlag: 'p2' });
    await expect.poll(() => attributePages.length).toBe(2);
    // b raises a hand and a's is lowered while the second page is on its way (and still says up).
    emit('roomMemberAttributesUpdated', {
      roomID,
      infos: [{ attributesInfo: { userID: 'b', attributes: { hand: 'up' } } }],
      operatedInfo: { userID: 'b' },
    });
    emit('roomMemberAttributesUpdated', {
      roomID,
      infos: [{ attributesInfo: { userID: 'a', attributes: { hand: 'down' } } }],
      operatedInfo: { userID: 'c' },
    });
    attributePages[1]!.resolve({ roomID, infos: [{ userID: 'c', attributes: { hand: 'up' } }], nextFlag: '' });

    await expect
      .poll(() => store.getState().rooms[roomID]?.memberAttributes)
      .toEqual({ a: { hand: 'down' }, b: { hand: 'up' }, c: { hand: 'up' } });
  });
});
