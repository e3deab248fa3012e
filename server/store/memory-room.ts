/** One room's state in the memory store, and the steps every room call shares (membership, batching). */
import type { ZIMMessage, ZIMUserInfo } from '../../lib/protocol/index.ts';
import type { Timer } from '../rooms/clock.ts';
import type { SentRecord } from './dedup.ts';
import { MemberAttributeTable } from './memory-member-attributes.ts';
import type { AttributeRecord, MemberChange, MemberRecord, Push, RoomEvent, RoomMeta } from './types.ts';

export interface MemoryRoom {
  meta: RoomMeta;
  members: Map<string, MemberRecord>;
  memberSeq: number;
  attributes: Map<string, AttributeRecord>;
  attributesVersion: number;
  /** Member attributes (SPEC 6b). */
  memberAttributes: MemberAttributeTable;
  /** The room's event sequence: every step that changes the room takes the next one. */
  seq: number;
  messageSeq: number;
  history: ZIMMessage[];
  /** `${senderUserID}\n${localMessageID}` → message, for de-duplicating retried sends. */
  /** Per retry key, what the first send got (dedup.ts): never the message itself. */
  sent: Map<string, SentRecord>;
  /** What `history` counts toward the server's history budget. */
  historyBytes: number;
  /** Member changes waiting for the end of the batching window (SPEC 4). */
  batchedChanges: MemberChange[];
  /** The batching window's end while one is open. */
  batchTimer: Timer | undefined;
  destroyTimer: Timer | undefined;
  /** The creator, whose per-user room limit an empty room waiting out its delay counts toward. */
  creatorUserID: string | undefined;
}

export function newRoom(
  meta: RoomMeta,
  attributes: Map<string, AttributeRecord>,
  creatorUserID: string | undefined,
): MemoryRoom {
  return {
    meta: { ...meta },
    members: new Map(),
    memberSeq: 0,
    attributes,
    attributesVersion: 0,
    memberAttributes: new MemberAttributeTable(),
    seq: 0,
    messageSeq: 0,
    history: [],
    sent: new Map(),
    historyBytes: 0,
    batchedChanges: [],
    batchTimer: undefined,
    destroyTimer: undefined,
    creatorUserID,
  };
}

/** The event one step is building: its sequence number is taken when it is emitted. */
export class StepEvent {
  readonly left: string[] = [];
  readonly pushes: Push[] = [];
  members: MemberChange[] | undefined;
  destroyed = false;

  constructor(
    readonly roomID: string,
    readonly seq: number,
  ) {}

  toEvent(): RoomEvent {
    const event: RoomEvent = { roomID: this.roomID, seq: this.seq };
    if (this.left.length > 0) event.left = this.left;
    if (this.pushes.length > 0) event.pushes = this.pushes;
    if (this.members) event.members = this.members;
    if (this.destroyed) event.destroyed = true;
    return event;
  }
}

/** Adds the session; `firstSession` when its user was not a member before. */
export function addSession(room: MemoryRoom, user: ZIMUserInfo, sessionID: string): boolean {
  const member = room.members.get(user.userID);
  if (member) {
    if (!member.sessionIDs.includes(sessionID)) member.sessionIDs.push(sessionID);
    return false;
  }
  // The session's own user object, kept rather than copied: nothing changes a session's user.
  room.members.set(user.userID, { user, seq: ++room.memberSeq, sessionIDs: [sessionID] });
  return true;
}

/** Removes the session; `lastSession` when its user is no longer a member. */
export function removeSession(room: MemoryRoom, userID: string, sessionID: string): boolean {
  const member = room.members.get(userID);
  if (!member) return false;
  member.sessionIDs = member.sessionIDs.filter((id) => id !== sessionID);
  if (member.sessionIDs.length > 0) return false;
  room.members.delete(userID);
  return true;
}

/** The member list an entering session gets: its own user first, then the others in join order. */
export function entryList(room: MemoryRoom, userID: string, cap: number): ZIMUserInfo[] {
  const list: ZIMUserInfo[] = [];
  const me = room.members.get(userID);
  if (me) list.push({ ...me.user });
  let counted = 0;
  // The first `cap` members in join order, then the own user in front of them.
  for (const member of room.members.values()) {
    if (counted++ >= cap) break;
    if (member.user.userID !== userID) list.push({ ...member.user });
  }
  return list.slice(0, Math.max(cap, 1));
}
