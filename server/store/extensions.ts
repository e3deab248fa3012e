/**
 * Store steps beyond the room calls: member attributes (SPEC 6b) and what the server API does
 * to rooms (SPEC 12). Each is one atomic step, like the room calls, that emits its pushes in the
 * room's event order. Both stores have them (memory-extended.ts, redis/redis-extended.ts); a store
 * without them (a test's bare store) makes these features answer 6000301, saying so.
 */
import { ZIMErrorCode, zimError, type ZIMRoomInfo } from '../../lib/protocol/index.ts';
import type { AttributeRecord, Caller, MessageDraft, Push, RoomFact, RoomMeta, RoomStore } from './types.ts';
import type { ZIMMessage } from '../../lib/protocol/index.ts';

/** One member attribute: the member it belongs to is the map's key, not a field. */
export interface MemberAttributeRecord {
  value: string;
  /** userID of the member who set it. */
  setter: string;
  /** false: kept after the member leaves, as long as the setter stays (SPEC 6b). */
  deleteAfterOwnerLeft: boolean;
}
export type MemberAttributeMap = Map<string, MemberAttributeRecord>;

/** A member's attributes with its place in the room's list (the order members first got some). */
export interface MemberAttributesEntry {
  userID: string;
  seq: number;
  attributes: Record<string, string>;
}

export interface MemberAttributesSet {
  /** caller: who sets; `userIDs`: the targets; `attributes` with `deleteAfterOwnerLeft`. */
  attributes: Record<string, string>;
  userIDs: string[];
  deleteAfterOwnerLeft: boolean;
}

export type MemberAttributesSetResult =
  | { ok: true; infos: { userID: string; attributes: Record<string, string> }[]; errorUserList: string[] }
  | { ok: false; failure: 'not-in-room' };

export interface MemberAttributeSteps {
  /** Sets the attributes on each target that is a member (all or nothing; limits throw their ZIMError). */
  setMemberAttributes(caller: Caller, roomID: string, request: MemberAttributesSet): Promise<MemberAttributesSetResult>;
  /** Of `userIDs`, those that are members or still have attributes, with their attributes. */
  memberAttributes(
    roomID: string,
    userIDs: readonly string[],
  ): Promise<{ userID: string; attributes: Record<string, string> }[]>;
  /** Members with attributes in the order they got them, seq > afterSeq, at most `limit`. */
  listMemberAttributes(
    roomID: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ entries: MemberAttributesEntry[]; more: boolean }>;
}

export type ServerStepFailure = 'not-exist';

export interface ServerSteps {
  /** Rooms in roomID order with roomID > `afterRoomID`, at most `limit`. */
  listRooms(afterRoomID: string, limit: number): Promise<{ rooms: RoomMeta[]; more: boolean }>;
  /** A room with no members, destroyed after its delay unless someone enters. */
  createEmptyRoom(
    roomInfo: ZIMRoomInfo,
    destroyDelaySeconds: number,
    attributes: Map<string, AttributeRecord>,
  ): Promise<{ ok: true; facts: RoomFact[] } | { ok: false; failure: 'exists' | 'server-limit' }>;
  /** Each session of each user gets `KickedOut` with `extendedData`, then leaves (exit type Kickout). */
  kickMembers(
    roomID: string,
    userIDs: readonly string[],
    extendedData: string,
  ): Promise<
    | { ok: true; kicked: string[]; errorUserList: string[]; facts: RoomFact[] }
    | { ok: false; failure: ServerStepFailure }
  >;
  /** Every session gets RoomNotExist; the room goes with everything in it. */
  destroyRoomNow(roomID: string): Promise<{ ok: true; facts: RoomFact[] } | { ok: false; failure: ServerStepFailure }>;
  /** A message in the room's order, to every member (no sender session to leave out). */
  sendFromServer(
    roomID: string,
    draft: MessageDraft,
  ): Promise<{ ok: true; message: ZIMMessage } | { ok: false; failure: ServerStepFailure }>;
  /** commitAttributes for the server, which is no member. */
  commitServerAttributes(
    roomID: string,
    version: number,
    next: Map<string, AttributeRecord>,
    push: Push,
  ): Promise<'ok' | 'conflict' | ServerStepFailure>;
}

export type ExtendedStore = RoomStore & MemberAttributeSteps & ServerSteps;

export function hasExtendedSteps(store: RoomStore): store is ExtendedStore {
  const steps = store as Partial<ExtendedStore>;
  return typeof steps.setMemberAttributes === 'function' && typeof steps.kickMembers === 'function';
}

/** The store's member attribute and server steps, or 6000301 when this store has none yet. */
export function extendedSteps(store: RoomStore, what: string): ExtendedStore {
  if (hasExtendedSteps(store)) return store;
  throw zimError(ZIMErrorCode.RoomError, `${what} is not available with the ${store.kind} store yet`);
}
