/**
 * The class on top of a room, as the store keeps it: each member's attributes (SPEC 6b, where a
 * raised hand lives), who the host is, and how the timeline and the notices name what happened.
 * Pure functions; convene-store.ts calls them from its actions.
 */
import {
  SERVER_USER_ID,
  ZIMRoomEvent,
  type ZIMEventOfReceiveConversationMessageResult,
  type ZIMEventOfRoomMembersAttributesUpdatedResult,
  type ZIMEventOfRoomStateChangedResult,
  type ZIMRoomMemberAttributesInfo,
  type ZIMUserInfo,
} from '../protocol/client.ts';
import { hostOf, isHandRaised, kickReason } from '../classroom/class-keys.ts';
import type { LogDraft } from './event-log.ts';

/** userID → that member's attributes. */
export type MemberAttributes = Record<string, Record<string, string>>;

export type MemberAttributesInfo = ZIMRoomMemberAttributesInfo;
export type MemberAttributesUpdate = ZIMEventOfRoomMembersAttributesUpdatedResult;

/** Only what these functions read of a room. */
interface ClassRoom {
  roomID: string;
  roomName: string;
  members: Record<string, ZIMUserInfo>;
  attributes: Record<string, string>;
  memberAttributes: MemberAttributes;
}

/** Each update carries the member's whole map after the change (a key left out is gone). */
export function withMemberAttributes(
  current: MemberAttributes,
  infos: readonly { attributesInfo: MemberAttributesInfo }[],
): MemberAttributes {
  const next = { ...current };
  for (const { attributesInfo } of infos) {
    if (Object.keys(attributesInfo.attributes).length === 0) delete next[attributesInfo.userID];
    else next[attributesInfo.userID] = { ...attributesInfo.attributes };
  }
  return next;
}

/** A full list (every page of queryRoomMemberAttributesList) replaces what is held. */
export function memberAttributesFromList(infos: readonly MemberAttributesInfo[]): MemberAttributes {
  const next: MemberAttributes = {};
  for (const info of infos) next[info.userID] = { ...info.attributes };
  return next;
}

/** A member's attributes go when it leaves (SPEC 6b). */
export function withoutMembers(current: MemberAttributes, left: readonly ZIMUserInfo[]): MemberAttributes {
  if (!left.some((m) => current[m.userID])) return current;
  const next = { ...current };
  for (const member of left) delete next[member.userID];
  return next;
}

/** A member's display name as this room knows it. */
export function nameIn(room: Pick<ClassRoom, 'members'> | undefined, userID: string): string {
  return room?.members[userID]?.userName || userID;
}

/** The host's name, when the room is a class (has a host). */
export function hostNameOf(room: ClassRoom | undefined): string | undefined {
  const host = hostOf(room?.attributes);
  return host === undefined ? undefined : nameIn(room, host);
}

/** Members with a raised hand, in the room's member order. */
export function raisedHands(room: Pick<ClassRoom, 'memberAttributes' | 'members'> | undefined): string[] {
  if (!room) return [];
  return Object.keys(room.memberAttributes).filter((id) => room.members[id] && isHandRaised(room.memberAttributes[id]));
}

export function memberAttributesLog(data: MemberAttributesUpdate, room: ClassRoom | undefined): LogDraft {
  const by = nameIn(room, data.operatedInfo.userID);
  const parts = data.infos.map(({ attributesInfo }) => {
    const pairs = Object.entries(attributesInfo.attributes).map(([key, value]) => `${key} = ${value}`);
    return `${nameIn(room, attributesInfo.userID)}: ${pairs.length ? pairs.join(', ') : '(none)'}`;
  });
  return {
    event: 'roomMemberAttributesUpdated',
    roomID: data.roomID,
    title: `${data.roomID} · member attributes`,
    detail: `${parts.join(' · ')} — by ${by}`,
    tone: 'neutral',
  };
}

/** Messages from the server itself (the app's backend telling the class) go into the timeline. */
export function serverAnnouncements(data: ZIMEventOfReceiveConversationMessageResult): LogDraft[] {
  return data.messageList
    .filter((m) => m.senderUserID === SERVER_USER_ID && typeof m.message === 'string')
    .map((m) => ({
      event: 'receiveRoomMessage',
      roomID: data.fromConversationID,
      title: `${data.fromConversationID} · from the server`,
      detail: String(m.message),
      tone: 'neutral',
    }));
}

/** What a notice says about a room this session was taken out of. */
export interface ClassEnding {
  /** The host's name, when the room was a class. */
  hostName?: string;
  /** This session's user was the host. */
  byYou: boolean;
  /** The reason the host gave for a removal. */
  reason: string;
}

export function classEnding(
  room: ClassRoom,
  data: ZIMEventOfRoomStateChangedResult,
  selfID: string | undefined,
): ClassEnding {
  const host = hostOf(room.attributes);
  return {
    hostName: hostNameOf(room),
    byYou: host !== undefined && host === selfID,
    reason: data.event === ZIMRoomEvent.KickedOut ? kickReason(data.extendedData) : '',
  };
}

/** One sentence for a notice and the timeline: "Ms. Rivera removed you from Physics 101: …". */
export function describeEnding(event: ZIMRoomEvent, roomLabel: string, ending: ClassEnding): string | undefined {
  if (event === ZIMRoomEvent.KickedOut && ending.hostName !== undefined) {
    return `${ending.hostName} removed you from ${roomLabel}${ending.reason ? `: ${ending.reason}` : '.'}`;
  }
  if (event === ZIMRoomEvent.RoomNotExist && ending.hostName !== undefined) {
    return `The class has ended: ${ending.byYou ? 'you' : ending.hostName} ended ${roomLabel}.`;
  }
  if (event === ZIMRoomEvent.KickedOut && ending.reason) return `You were removed from ${roomLabel}: ${ending.reason}`;
  return undefined;
}
