/**
 * The event timeline: one entry per SDK event worth showing, worded so that someone watching
 * sees the protocol at work ("Room2 · Connecting · ActiveSwitch"). Names come from the enums,
 * never from hand-written strings, so the timeline says exactly what the wire said.
 */
import {
  enumName,
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMRoomAttributesUpdateAction,
  ZIMRoomEvent,
  ZIMRoomState,
} from '../protocol/client.ts';
import type {
  ZIMEventOfConnectionStateChangedResult,
  ZIMEventOfRoomAttributesUpdatedResult,
  ZIMEventOfRoomMembersChangedResult,
  ZIMEventOfRoomStateChangedResult,
  ZIMUserInfo,
} from '../protocol/client.ts';

export type LogTone = 'neutral' | 'good' | 'warn' | 'bad';

export interface LogEntry {
  /** Increasing within a store; the React key. */
  id: number;
  /** Milliseconds since the epoch, this browser's clock. */
  at: number;
  /** The SDK event name: roomStateChanged, roomMemberJoined, … */
  event: string;
  roomID?: string;
  /** One line: "Room2 · Connecting · ActiveSwitch". */
  title: string;
  /** Optional second line: member names, attribute keys. */
  detail?: string;
  tone: LogTone;
}

export type LogDraft = Omit<LogEntry, 'id' | 'at'>;

/** Most entries kept; older ones fall off the end. */
export const LOG_LIMIT = 400;
const NAMES_SHOWN = 6;

export function memberNames(members: readonly ZIMUserInfo[]): string {
  const names = members.slice(0, NAMES_SHOWN).map((m) => (m.userName ? `${m.userName} (${m.userID})` : m.userID));
  const rest = members.length - names.length;
  return rest > 0 ? `${names.join(', ')} and ${rest} more` : names.join(', ');
}

export function roomStateLog(data: ZIMEventOfRoomStateChangedResult): LogDraft {
  const state = enumName(ZIMRoomState, data.state);
  const event = enumName(ZIMRoomEvent, data.event);
  let tone: LogTone = 'neutral';
  if (data.state === ZIMRoomState.Connected) tone = 'good';
  else if (data.event !== ZIMRoomEvent.Success && data.state === ZIMRoomState.Disconnected) tone = 'bad';
  else if (data.event === ZIMRoomEvent.NetworkInterrupted) tone = 'warn';
  return {
    event: 'roomStateChanged',
    roomID: data.roomID,
    title: `${data.roomID} · ${state} · ${event}`,
    detail: data.extendedData || undefined,
    tone,
  };
}

export function memberLog(
  kind: 'roomMemberJoined' | 'roomMemberLeft',
  data: ZIMEventOfRoomMembersChangedResult,
  selfID?: string,
): LogDraft {
  const count = data.memberList.length;
  const members = `${count} ${count === 1 ? 'member' : 'members'}`;
  // The list a session gets on entering includes itself: it says who is there, not who just came.
  const entering =
    kind === 'roomMemberJoined' && selfID !== undefined && data.memberList.some((m) => m.userID === selfID);
  const title = entering
    ? `${data.roomID} · ${members} here as you enter`
    : `${data.roomID} · ${members} ${kind === 'roomMemberJoined' ? 'joined' : 'left'}`;
  return {
    event: kind,
    roomID: data.roomID,
    title,
    detail: memberNames(data.memberList),
    tone: kind === 'roomMemberJoined' ? 'good' : 'neutral',
  };
}

export function attributesLog(
  kind: 'roomAttributesUpdated' | 'roomAttributesBatchUpdated',
  data: ZIMEventOfRoomAttributesUpdatedResult,
): LogDraft {
  const parts = data.infos.map((info) => {
    const keys = Object.keys(info.roomAttributes);
    const action = enumName(ZIMRoomAttributesUpdateAction, info.action);
    return `${action} ${keys.length ? keys.join(', ') : '(none)'}`;
  });
  return {
    event: kind,
    roomID: data.roomID,
    title: `${data.roomID} · attributes`,
    detail: parts.join(' · '),
    tone: 'neutral',
  };
}

export function connectionLog(data: ZIMEventOfConnectionStateChangedResult): LogDraft {
  const state = enumName(ZIMConnectionState, data.state);
  const event = enumName(ZIMConnectionEvent, data.event);
  let tone: LogTone = 'neutral';
  if (data.state === ZIMConnectionState.Connected) tone = 'good';
  else if (data.state === ZIMConnectionState.Reconnecting) tone = 'warn';
  else if (data.state === ZIMConnectionState.Disconnected && data.event !== ZIMConnectionEvent.Success) tone = 'bad';
  return {
    event: 'connectionStateChanged',
    title: `Connection · ${state} · ${event}`,
    detail: data.extendedData || undefined,
    tone,
  };
}
