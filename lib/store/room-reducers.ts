/**
 * The reducers of a room's life in the store: its state transitions (`roomStateChanged`) and its
 * contents as the server described them on entering (Convene's `roomEntered`). Pure functions of
 * the state and the event; convene-store.ts calls them with its timeline and notice counters.
 */
import {
  HISTORY_PAGE_SIZE,
  ZIMRoomEvent,
  ZIMRoomState,
  type ZIMEventOfRoomStateChangedResult,
  type ZIMMessage,
  type ZIMUserInfo,
} from '../protocol/client.ts';
import type { ZIMRoomEnteredEvent } from '../zim/sdk-types.ts';
import { classEnding, describeEnding } from './class-state.ts';
import { roomStateLog, type LogDraft, type LogEntry } from './event-log.ts';
import { mergeMessages } from './messages.ts';
import { newRoom, type ConveneState, type RoomNotice, type RoomView } from './state.ts';

/** What the reducers need of the store around them. */
export interface ReducerContext {
  withLog: (log: LogEntry[], draft: LogDraft) => LogEntry[];
  nextNoticeID: () => number;
}

type RoomsPart = Partial<Pick<ConveneState, 'log' | 'rooms' | 'roomOrder' | 'activeRoomID' | 'notices'>>;

/** The ways a create, enter or switch fails: a room the session already held stays as it was. */
const FAILURES: readonly ZIMRoomEvent[] = [
  ZIMRoomEvent.CreateFailed,
  ZIMRoomEvent.EnterFailed,
  ZIMRoomEvent.SwitchFailed,
];

/** `names` with those of `memberList` added (a name once seen is kept, the latest winning). */
export function withNames(names: Record<string, string>, memberList: readonly ZIMUserInfo[]): Record<string, string> {
  const next = { ...names };
  for (const member of memberList) if (member.userName) next[member.userID] = member.userName;
  return next;
}

export function membersByID(memberList: readonly ZIMUserInfo[]): Record<string, ZIMUserInfo> {
  const members: Record<string, ZIMUserInfo> = {};
  for (const member of memberList) members[member.userID] = member;
  return members;
}

/**
 * A transition. Connecting shows a new room as a tab at once (its name and contents come with
 * `roomEntered`); Connected only marks a room held; Disconnected takes it away, with a notice when
 * the session did not ask for it.
 */
export function roomStateChanged(
  s: ConveneState,
  data: ZIMEventOfRoomStateChangedResult,
  ctx: ReducerContext,
): RoomsPart {
  const existing = s.rooms[data.roomID];
  if (data.state === ZIMRoomState.Disconnected) return disconnected(s, data, ctx, existing);
  const log = ctx.withLog(s.log, roomStateLog(data));
  if (!existing) {
    // Connected with no Connecting before it is a room found after a reload: roomEntered brings it.
    if (data.state === ZIMRoomState.Connected) return { log };
    const room = newRoom(data.roomID, '', data.state, data.event);
    return { log, rooms: { ...s.rooms, [data.roomID]: room }, roomOrder: [...s.roomOrder, data.roomID] };
  }
  let room: RoomView;
  if (data.state === ZIMRoomState.Connected)
    room = { ...existing, state: data.state, event: data.event, pending: false };
  else if (data.event === ZIMRoomEvent.NetworkInterrupted) room = { ...existing, state: data.state, event: data.event };
  // Any other Connecting of a room held is a switch into it (the SDK answers a create, join or
  // enter of a held room without events): it stays as it is until the answer.
  else room = { ...existing, pending: true };
  return { log, rooms: { ...s.rooms, [data.roomID]: room } };
}

function disconnected(
  s: ConveneState,
  data: ZIMEventOfRoomStateChangedResult,
  ctx: ReducerContext,
  existing: RoomView | undefined,
): RoomsPart {
  if (!existing) return { log: ctx.withLog(s.log, roomStateLog(data)) };
  // A kick or the end of a class is said by name ("Ms. Rivera removed you from …").
  const ending = classEnding(existing, data, s.user?.userID);
  const said = describeEnding(data.event, existing.roomName || data.roomID, ending);
  const log = ctx.withLog(s.log, { ...roomStateLog(data), ...(said ? { detail: said } : {}) });
  const failed = FAILURES.includes(data.event);
  if (existing.pending && failed) {
    return { log, rooms: { ...s.rooms, [data.roomID]: { ...existing, pending: false } } };
  }
  const rooms = { ...s.rooms };
  delete rooms[data.roomID];
  const roomOrder = s.roomOrder.filter((id) => id !== data.roomID);
  let notices = s.notices;
  if (data.event !== ZIMRoomEvent.Success && !failed) {
    const notice: RoomNotice = {
      id: ctx.nextNoticeID(),
      roomID: data.roomID,
      roomName: existing.roomName,
      event: data.event,
      ending,
    };
    notices = [...s.notices, notice];
  }
  let activeRoomID = s.activeRoomID;
  if (activeRoomID === data.roomID) {
    activeRoomID =
      [...roomOrder].reverse().find((id) => rooms[id]?.state === ZIMRoomState.Connected) ?? roomOrder[0] ?? null;
  }
  return { log, rooms, roomOrder, activeRoomID, notices };
}

/**
 * The room as the server has it now: name, members and attributes replace what was held (after a
 * resume too: the list is the server's, not what events left behind); its last messages, when the
 * bundle carries them, join those held (by messageID). A room the session entered becomes the
 * active one; one resumed or restored only when no other is.
 */
export function roomEntered(s: ConveneState, data: ZIMRoomEnteredEvent): RoomsPart {
  const existing = s.rooms[data.roomID];
  const base = existing ?? newRoom(data.roomID, '', ZIMRoomState.Connected, ZIMRoomEvent.Success);
  const members = membersByID(data.memberList);
  const activeRoomID =
    data.how === 'entered' || !s.activeRoomID || !s.rooms[s.activeRoomID] ? data.roomID : s.activeRoomID;
  const room: RoomView = {
    ...base,
    roomName: data.roomInfo.baseInfo.roomName,
    pending: false,
    members,
    names: withNames(base.names, data.memberList),
    memberCount: Object.keys(members).length,
    attributes: { ...data.roomAttributes },
    unread: activeRoomID === data.roomID ? 0 : base.unread,
    ...(data.messageList ? lastPage(base, data.messageList, data.how) : {}),
  };
  return {
    rooms: { ...s.rooms, [data.roomID]: room },
    roomOrder: existing ? s.roomOrder : [...s.roomOrder, data.roomID],
    activeRoomID,
  };
}

/** The history part of an entered room: a full page means older messages may be on the server. */
function lastPage(
  room: RoomView,
  messageList: readonly ZIMMessage[],
  how: ZIMRoomEnteredEvent['how'],
): Pick<RoomView, 'messages' | 'history' | 'hasEarlier'> {
  const full = messageList.length >= HISTORY_PAGE_SIZE;
  return {
    messages: mergeMessages(room.messages, messageList),
    history: 'loaded',
    // A resumed room keeps what paging already found out; a new one starts from this page.
    hasEarlier: how === 'resumed' && room.history === 'loaded' ? room.hasEarlier : full,
  };
}
