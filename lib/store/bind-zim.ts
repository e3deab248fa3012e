/**
 * The one bridge from the SDK to the store, outside React. Every SDK event goes to the store
 * action of the same name; `roomEntered` also starts the queries of what its bundle does not carry
 * (member attributes, the rest of a member list longer than the server's cap, and history when
 * the server could not read it for the bundle).
 * Returns its own teardown, so React StrictMode's bind → unbind → bind leaves exactly one set of
 * listeners, and nothing from an unbound binding reaches the store.
 */
import {
  HISTORY_PAGE_SIZE,
  type ZIMMessage,
  type ZIMMessageQueryConfig,
  type ZIMRoomMemberQueriedResult,
  type ZIMRoomMemberQueryConfig,
  type ZIMEventOfRoomMembersChangedResult,
  type ZIMUserInfo,
} from '../protocol/client.ts';
import type { ZIMEventMap } from '../zim/event-map.ts';
import {
  memberAttributesFromList,
  withMemberAttributes,
  type MemberAttributesInfo,
  type MemberAttributesUpdate,
} from './class-state.ts';
import type { ConveneStoreApi } from './convene-store.ts';

/**
 * The part of the SDK the binder uses (the ZIM class satisfies it; tests can pass a fake). It
 * listens with `subscribe`, so the app's own `zim.on` and `zim.off` never unplug the store.
 */
export interface BindableZim {
  subscribe<K extends keyof ZIMEventMap>(event: K, listener: (data: ZIMEventMap[K]) => void): () => void;
  queryHistoryMessage(
    conversationID: string,
    conversationType: 1,
    config: ZIMMessageQueryConfig,
  ): Promise<{ messageList: ZIMMessage[] }>;
  queryRoomMemberList(roomID: string, config: ZIMRoomMemberQueryConfig): Promise<ZIMRoomMemberQueriedResult>;
  queryRoomMemberAttributesList(
    roomID: string,
    config: ZIMRoomMemberQueryConfig,
  ): Promise<{ roomID: string; infos: MemberAttributesInfo[]; nextFlag: string }>;
}

const MEMBER_PAGE_SIZE = 100;

export function bindZim(zim: BindableZim, store: ConveneStoreApi): () => void {
  let bound = true;
  const actions = () => store.getState();
  /** The teardowns of this binder's listeners: unbinding removes exactly those. */
  const unsubscribers: (() => void)[] = [];
  const on = <K extends keyof ZIMEventMap>(event: K, listener: (zim: unknown, data: ZIMEventMap[K]) => void) => {
    unsubscribers.push(zim.subscribe(event, (data) => listener(zim, data)));
  };

  const loadLatestHistory = async (roomID: string) => {
    actions().historyLoading(roomID);
    try {
      const { messageList } = await zim.queryHistoryMessage(roomID, 1, { count: HISTORY_PAGE_SIZE, reverse: false });
      if (bound) actions().historyMessageQueried(roomID, messageList, messageList.length >= HISTORY_PAGE_SIZE);
    } catch {
      if (bound) actions().historyFailed(roomID);
    }
  };

  /** Every item of a paged query (count per page MEMBER_PAGE_SIZE); undefined once unbound. */
  const readAllPages = async <T>(
    page: (nextFlag: string) => Promise<{ items: T[]; nextFlag: string }>,
  ): Promise<T[] | undefined> => {
    const all: T[] = [];
    let nextFlag = '';
    do {
      const result = await page(nextFlag);
      if (!bound) return undefined;
      all.push(...result.items);
      nextFlag = result.nextFlag;
    } while (nextFlag);
    return all;
  };

  /** Member events that arrive while a room's list is being paged in, replayed over the result. */
  const duringRefresh = new Map<string, { joined: boolean; data: ZIMEventOfRoomMembersChangedResult }[]>();

  const loadAllMembers = async (roomID: string) => {
    const journal: { joined: boolean; data: ZIMEventOfRoomMembersChangedResult }[] = [];
    duringRefresh.set(roomID, journal);
    try {
      const all = await readAllPages<ZIMUserInfo>(async (nextFlag) => {
        const page = await zim.queryRoomMemberList(roomID, { nextFlag, count: MEMBER_PAGE_SIZE });
        return { items: page.memberList, nextFlag: page.nextFlag };
      });
      if (!all) return;
      // An earlier page may list someone who left while later pages were read: the events win.
      actions().roomMemberListQueried(roomID, all);
      for (const { joined, data } of journal) {
        if (joined) actions().roomMemberJoined(data);
        else actions().roomMemberLeft(data);
      }
    } catch {
      // The list stays as the events left it; the next reconnect or entry tries again.
    } finally {
      if (duringRefresh.get(roomID) === journal) duringRefresh.delete(roomID);
    }
  };

  /** Raised hands and other member attributes come by event only once in the room: read them all. */
  const attributesDuringLoad = new Map<string, MemberAttributesUpdate[]>();
  const loadMemberAttributes = async (roomID: string) => {
    const journal: MemberAttributesUpdate[] = [];
    attributesDuringLoad.set(roomID, journal);
    try {
      const all = await readAllPages<MemberAttributesInfo>(async (nextFlag) => {
        const page = await zim.queryRoomMemberAttributesList(roomID, { nextFlag, count: MEMBER_PAGE_SIZE });
        return { items: page.infos, nextFlag: page.nextFlag };
      });
      if (!all) return;
      // Updates that came while the pages were read are newer than what the pages say.
      const merged = withMemberAttributes(
        memberAttributesFromList(all),
        journal.flatMap((update) => update.infos),
      );
      actions().roomMemberAttributesListQueried(
        roomID,
        Object.entries(merged).map(([userID, attributes]) => ({ userID, attributes })),
      );
    } catch {
      // As above.
    } finally {
      if (attributesDuringLoad.get(roomID) === journal) attributesDuringLoad.delete(roomID);
    }
  };

  on('connectionStateChanged', (_zim, data) => actions().connectionStateChanged(data));
  on('sessionEnded', (_zim, data) => actions().sessionEnded(data));
  on('roomStateChanged', (_zim, data) => actions().roomStateChanged(data));

  on('roomEntered', (_zim, data) => {
    actions().roomEntered(data);
    // Only a list as long as the server's cap may leave members out.
    if (!data.memberListComplete) void loadAllMembers(data.roomID);
    // Member attributes come by event only once in the room, and a resume does not carry them
    // (updates written into a connection that had silently died are lost): read them all.
    void loadMemberAttributes(data.roomID);
    // The bundle carries the last page of history (roomEntered puts it in the store). Without it a
    // resumed room is complete already (the server replays what came after the SDK's last message);
    // a room entered or restored without it is one whose history the server could not read then.
    if (!data.messageList && data.how !== 'resumed') void loadLatestHistory(data.roomID);
  });

  on('roomMemberJoined', (_zim, data) => {
    actions().roomMemberJoined(data);
    duringRefresh.get(data.roomID)?.push({ joined: true, data });
  });
  on('roomMemberLeft', (_zim, data) => {
    actions().roomMemberLeft(data);
    duringRefresh.get(data.roomID)?.push({ joined: false, data });
  });
  on('roomAttributesUpdated', (_zim, data) => actions().roomAttributesUpdated(data));
  on('roomAttributesBatchUpdated', (_zim, data) => actions().roomAttributesBatchUpdated(data));
  on('roomMemberAttributesUpdated', (_zim, data) => {
    actions().roomMemberAttributesUpdated(data);
    attributesDuringLoad.get(data.roomID)?.push(data);
  });
  on('receiveRoomMessage', (_zim, data) => actions().receiveRoomMessage(data));
  on('tokenWillExpire', (_zim, data) => actions().tokenWillExpire(data));
  on('error', (_zim, data) => actions().sdkError(data));
  on('serverNodeChanged', (_zim, data) => actions().serverNodeChanged(data));

  return () => {
    bound = false;
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
  };
}
