/**
 * The app's state, a vanilla Zustand store made by a factory (one per page, handed out by
 * StoreProvider). Actions that mirror an SDK event carry its name (roomMemberJoined, …) and take
 * its payload unchanged; bindZim is the only caller of those.
 */
import { createStore } from 'zustand/vanilla';
import {
  enumName,
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMRoomAttributesUpdateAction,
  ZIMRoomEvent,
  ZIMRoomState,
} from '../protocol/client.ts';
import type { ZIMEventOfRoomAttributesUpdatedResult, ZIMUserInfo } from '../protocol/client.ts';
import {
  attributesLog,
  connectionLog,
  LOG_LIMIT,
  memberLog,
  roomStateLog,
  type LogDraft,
  type LogEntry,
} from './event-log.ts';
import {
  classEnding,
  describeEnding,
  memberAttributesFromList,
  memberAttributesLog,
  serverAnnouncements,
  withMemberAttributes,
  withoutMembers,
} from './class-state.ts';
import { mergeMessages, withLiveMessages } from './messages.ts';
import {
  errorCode,
  initialConveneState,
  newRoom,
  toErrorInfo,
  type ConveneStore,
  type ConveneStoreApi,
  type RoomView,
} from './state.ts';

export * from './state.ts';

const USER_ACTIONS: readonly ZIMRoomEvent[] = [
  ZIMRoomEvent.ActiveCreate,
  ZIMRoomEvent.ActiveEnter,
  ZIMRoomEvent.ActiveSwitch,
];
const FAILURES: readonly ZIMRoomEvent[] = [
  ZIMRoomEvent.CreateFailed,
  ZIMRoomEvent.EnterFailed,
  ZIMRoomEvent.SwitchFailed,
];
export interface CreateConveneStoreOptions {
  now?: () => number;
  roomNames?: Record<string, string>;
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
      ...initialConveneState(options.roomNames),

      connectionStateChanged: (data) =>
        set((s) => {
          const next = {
            connection: { state: data.state, event: data.event },
            log: withLog(s.log, connectionLog(data)),
          };
          // The server ended the session (kicked out, token expired): back to signing in.
          const ended = data.state === ZIMConnectionState.Disconnected && data.event !== ZIMConnectionEvent.Success;
          if (!ended || s.session !== 'signedIn') return next;
          const message = `The session ended: ${enumName(ZIMConnectionEvent, data.event)}`;
          return { ...next, session: 'signedOut', sessionError: { code: errorCode(data.extendedData), message } };
        }),

      roomStateChanged: (data) =>
        set((s) => {
          const existing = s.rooms[data.roomID];
          // A kick or the end of a class is said by name ("Ms. Rivera removed you from …").
          const ending =
            existing && data.state === ZIMRoomState.Disconnected
              ? classEnding(existing, data, s.user?.userID)
              : undefined;
          const said = ending && describeEnding(data.event, existing?.roomName || data.roomID, ending);
          const logged = withLog(s.log, { ...roomStateLog(data), ...(said ? { detail: said } : {}) });
          const roomName = s.roomNames[data.roomID] ?? existing?.roomName ?? '';

          if (data.state === ZIMRoomState.Disconnected) {
            if (!existing) return { log: logged };
            // A failed create/enter/switch aimed at a room this session is already in leaves it there.
            if (existing.pending && FAILURES.includes(data.event)) {
              return { log: logged, rooms: { ...s.rooms, [data.roomID]: { ...existing, pending: false } } };
            }
            const rooms = { ...s.rooms };
            delete rooms[data.roomID];
            const notices =
              data.event === ZIMRoomEvent.Success || FAILURES.includes(data.event)
                ? s.notices
                : [
                    ...s.notices,
                    {
                      id: nextNoticeID++,
                      roomID: data.roomID,
                      roomName: existing.roomName,
                      event: data.event,
                      ending: ending!,
                    },
                  ];
            const roomOrder = s.roomOrder.filter((id) => id !== data.roomID);
            let activeRoomID = s.activeRoomID;
            if (activeRoomID === data.roomID) {
              activeRoomID =
                [...roomOrder].reverse().find((id) => rooms[id]?.state === ZIMRoomState.Connected) ??
                roomOrder[0] ??
                null;
            }
            return { log: logged, rooms, roomOrder, activeRoomID, notices };
          }

          if (data.state === ZIMRoomState.Connecting) {
            if (existing?.state === ZIMRoomState.Connected && USER_ACTIONS.includes(data.event)) {
              return { log: logged, rooms: { ...s.rooms, [data.roomID]: { ...existing, pending: true } } };
            }
            const room = existing
              ? { ...existing, state: data.state, event: data.event }
              : newRoom(data.roomID, roomName, data.state, data.event);
            const roomOrder = existing ? s.roomOrder : [...s.roomOrder, data.roomID];
            return { log: logged, rooms: { ...s.rooms, [data.roomID]: room }, roomOrder };
          }

          // Connected. A session entering a room gets its member list and attributes next (SDK's bundle).
          const base = existing ?? newRoom(data.roomID, roomName, data.state, data.event);
          const wasUserAction = existing ? USER_ACTIONS.includes(existing.event) || existing.pending : false;
          const room: RoomView = {
            ...base,
            roomName: base.roomName || roomName,
            state: data.state,
            event: data.event,
            pending: false,
          };
          const roomOrder = existing ? s.roomOrder : [...s.roomOrder, data.roomID];
          const activeRoomID =
            wasUserAction || !s.activeRoomID || !s.rooms[s.activeRoomID] ? data.roomID : s.activeRoomID;
          const unread = activeRoomID === data.roomID ? 0 : room.unread;
          return { log: logged, rooms: { ...s.rooms, [data.roomID]: { ...room, unread } }, roomOrder, activeRoomID };
        }),

      roomMemberJoined: (data) =>
        set((s) => {
          const logged = withLog(s.log, memberLog('roomMemberJoined', data, s.user?.userID));
          const room = s.rooms[data.roomID];
          if (!room) return { log: logged };
          const members = { ...room.members };
          for (const member of data.memberList) members[member.userID] = member;
          const next = { ...room, members, memberCount: Object.keys(members).length };
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
        set({ user, session: restoring ? 'restoring' : 'signingIn', sessionError: null, notices: [] }),
      signedIn: (user) => set({ user, session: 'signedIn', sessionError: null }),
      signedOut: (error) =>
        set({
          ...initialConveneState(),
          session: 'signedOut',
          sessionError: error === undefined ? get().sessionError : toErrorInfo(error),
          connection: get().connection,
          log: get().log,
        }),

      roomInfoReceived: (roomInfo) =>
        set((s) => {
          const roomNames = { ...s.roomNames, [roomInfo.roomID]: roomInfo.roomName };
          const room = s.rooms[roomInfo.roomID];
          if (!room || room.roomName === roomInfo.roomName) return { roomNames };
          return { roomNames, rooms: { ...s.rooms, [room.roomID]: { ...room, roomName: roomInfo.roomName } } };
        }),

      roomMemberListQueried: (roomID, memberList) =>
        updateRoom(roomID, () => {
          const members: Record<string, ZIMUserInfo> = {};
          for (const member of memberList) members[member.userID] = member;
          return { members, memberCount: Object.keys(members).length };
        }),
      roomAllAttributesQueried: (roomID, roomAttributes) =>
        updateRoom(roomID, () => ({ attributes: { ...roomAttributes } })),
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
