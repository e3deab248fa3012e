/**
 * The app's state, a vanilla Zustand store made by a factory (one per page, handed out by
 * StoreProvider). Actions that mirror an SDK event carry its name (roomMemberJoined, …) and take
 * its payload unchanged; bindZim is the only caller of those.
 */
import { createStore } from 'zustand/vanilla';
import { enumName, ZIMConnectionEvent, ZIMRoomAttributesUpdateAction } from '../protocol/client.ts';
import type { ZIMEventOfRoomAttributesUpdatedResult } from '../protocol/client.ts';
import { attributesLog, connectionLog, LOG_LIMIT, memberLog, type LogDraft, type LogEntry } from './event-log.ts';
import {
  memberAttributesFromList,
  memberAttributesLog,
  serverAnnouncements,
  withMemberAttributes,
  withoutMembers,
} from './class-state.ts';
import { mergeMessages, withLiveMessages } from './messages.ts';
import { membersByID, roomEntered, roomStateChanged, withNames, type ReducerContext } from './room-reducers.ts';
import { initialConveneState, toErrorInfo, type ConveneStore, type ConveneStoreApi, type RoomView } from './state.ts';

export * from './state.ts';

export interface CreateConveneStoreOptions {
  now?: () => number;
}

export function createConveneStore(options: CreateConveneStoreOptions = {}): ConveneStoreApi {
  const now = options.now ?? Date.now;
  let nextLogID = 1;
  let nextNoticeID = 1;

  return createStore<ConveneStore>()((set, get) => {
    const withLog = (log: LogEntry[], draft: LogDraft): LogEntry[] => {
      const entry: LogEntry = { ...draft, id: nextLogID++, at: now() };
      const next = [entry, ...log];
      if (next.length > LOG_LIMIT) next.length = LOG_LIMIT;
      return next;
    };
    const log = (draft: LogDraft) => set((s) => ({ log: withLog(s.log, draft) }));
    const context: ReducerContext = { withLog, nextNoticeID: () => nextNoticeID++ };
    const updateRoom = (roomID: string, change: (room: RoomView) => Partial<RoomView>) =>
      set((s) => {
        const room = s.rooms[roomID];
        if (!room) return {};
        return { rooms: { ...s.rooms, [roomID]: { ...room, ...change(room) } } };
      });

    const applyAttributes = (
      kind: 'roomAttributesUpdated' | 'roomAttributesBatchUpdated',
      data: ZIMEventOfRoomAttributesUpdatedResult,
    ) => {
      set((s) => {
        const room = s.rooms[data.roomID];
        const logged = withLog(s.log, attributesLog(kind, data));
        if (!room) return { log: logged };
        let attributes = { ...room.attributes };
        for (const info of data.infos) {
          if (info.action === ZIMRoomAttributesUpdateAction.Set) attributes = { ...attributes, ...info.roomAttributes };
          else for (const key of Object.keys(info.roomAttributes)) delete attributes[key];
        }
        return { log: logged, rooms: { ...s.rooms, [room.roomID]: { ...room, attributes } } };
      });
    };

    return {
      ...initialConveneState(),

      connectionStateChanged: (data) =>
        set((s) => ({
          connection: { state: data.state, event: data.event },
          log: withLog(s.log, connectionLog(data)),
        })),

      // The server or the SDK ended the session (kicked out, token refused): back to signing in. A
      // logout (Success) is the user's own doing, and a sign-in that fails is told by signIn itself.
      sessionEnded: ({ event, error }) =>
        set((s) => {
          if (event === ZIMConnectionEvent.Success || s.sessionStatus !== 'signedIn') return {};
          const message = `${error.message} (${enumName(ZIMConnectionEvent, event)})`;
          return { sessionStatus: 'signedOut', sessionError: { code: error.code, message } };
        }),

      roomStateChanged: (data) => set((s) => roomStateChanged(s, data, context)),
      roomEntered: (data) => set((s) => roomEntered(s, data)),

      roomMemberJoined: (data) =>
        set((s) => {
          const logged = withLog(s.log, memberLog('roomMemberJoined', data, s.user?.userID));
          const room = s.rooms[data.roomID];
          if (!room) return { log: logged };
          const members = { ...room.members };
          for (const member of data.memberList) members[member.userID] = member;
          const names = withNames(room.names, data.memberList);
          const next = { ...room, members, names, memberCount: Object.keys(members).length };
          return { log: logged, rooms: { ...s.rooms, [room.roomID]: next } };
        }),

      roomMemberLeft: (data) =>
        set((s) => {
          const logged = withLog(s.log, memberLog('roomMemberLeft', data));
          const room = s.rooms[data.roomID];
          if (!room) return { log: logged };
          const members = { ...room.members };
          for (const member of data.memberList) delete members[member.userID];
          const memberAttributes = withoutMembers(room.memberAttributes, data.memberList);
          const next = { ...room, members, memberAttributes, memberCount: Object.keys(members).length };
          return { log: logged, rooms: { ...s.rooms, [room.roomID]: next } };
        }),

      roomAttributesUpdated: (data) => applyAttributes('roomAttributesUpdated', data),
      roomAttributesBatchUpdated: (data) => applyAttributes('roomAttributesBatchUpdated', data),
      roomMemberAttributesUpdated: (data) =>
        set((s) => {
          const room = s.rooms[data.roomID];
          const logged = withLog(s.log, memberAttributesLog(data, room));
          if (!room) return { log: logged };
          const memberAttributes = withMemberAttributes(room.memberAttributes, data.infos);
          return { log: logged, rooms: { ...s.rooms, [room.roomID]: { ...room, memberAttributes } } };
        }),

      receiveRoomMessage: (data) =>
        set((s) => {
          const room = s.rooms[data.fromConversationID];
          if (!room) return {};
          const said = serverAnnouncements(data);
          const log = said.reduce((entries, draft) => withLog(entries, draft), s.log);
          const { messages, hasEarlier, added } = withLiveMessages(room, data.messageList);
          const unread = s.activeRoomID === room.roomID ? 0 : room.unread + added;
          return { log, rooms: { ...s.rooms, [room.roomID]: { ...room, messages, hasEarlier, unread } } };
        }),

      tokenWillExpire: (data) => {
        set({ tokenExpiresInSeconds: data.second });
        log({ event: 'tokenWillExpire', title: `Token expires in ${data.second} s`, tone: 'warn' });
      },

      sdkError: (data) => log({ event: 'error', title: `Error ${data.code}`, detail: data.message, tone: 'bad' }),

      serverNodeChanged: ({ nodeID }) => {
        set({ serverNodeID: nodeID });
        log({ event: 'serverNodeChanged', title: `Served by node ${nodeID}`, tone: 'neutral' });
      },

      signingIn: (user, restoring) =>
        set({ user, sessionStatus: restoring ? 'restoring' : 'signingIn', sessionError: null, notices: [] }),
      signedIn: (user) => set({ user, sessionStatus: 'signedIn', sessionError: null }),
      signedOut: (error) =>
        set({
          ...initialConveneState(),
          sessionStatus: 'signedOut',
          sessionError: error === undefined ? get().sessionError : toErrorInfo(error),
          connection: get().connection,
          log: get().log,
        }),

      roomMemberListQueried: (roomID, memberList) =>
        updateRoom(roomID, (room) => {
          const members = membersByID(memberList);
          return { members, names: withNames(room.names, memberList), memberCount: Object.keys(members).length };
        }),
      roomMemberAttributesListQueried: (roomID, infos) =>
        updateRoom(roomID, () => ({ memberAttributes: memberAttributesFromList(infos) })),

      historyLoading: (roomID) => updateRoom(roomID, () => ({ history: 'loading' })),
      historyMessageQueried: (roomID, messageList, hasEarlier) =>
        updateRoom(roomID, (room) => ({
          messages: mergeMessages(room.messages, messageList),
          history: 'loaded',
          hasEarlier: hasEarlier ?? room.hasEarlier,
        })),
      historyFailed: (roomID) => updateRoom(roomID, () => ({ history: 'failed' })),
      messageSent: (roomID, message) =>
        updateRoom(roomID, (room) => {
          const { messages, hasEarlier } = withLiveMessages(room, [message]);
          return { messages, hasEarlier };
        }),

      dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),

      selectRoom: (roomID) =>
        set((s) => {
          const room = s.rooms[roomID];
          if (!room) return {};
          return { activeRoomID: roomID, rooms: { ...s.rooms, [roomID]: { ...room, unread: 0 } } };
        }),
    };
  });
}
