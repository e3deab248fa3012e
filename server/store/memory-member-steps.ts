/** The memory store's member attribute steps (SPEC 6b), over one room's state. */
import {
  MEMBER_ATTRIBUTE_LIMITS,
  checkMemberTotals,
  plainMemberAttributes,
  withMemberAttributes,
} from '../rooms/member-attributes.ts';
import { ZIMErrorCode, zimError } from '../../lib/protocol/index.ts';
import type { MemberAttributeMap, MemberAttributesSet, MemberAttributesSetResult } from './extensions.ts';
import type { MemoryRoom } from './memory-room.ts';
import type { Push } from './types.ts';

const update = (roomID: string, operator: string, changes: ReadonlyMap<string, MemberAttributeMap>): Push => ({
  event: 'roomMemberAttributesUpdated',
  data: {
    roomID,
    infos: [...changes].map(([userID, map]) => ({
      attributesInfo: { userID, attributes: plainMemberAttributes(map) },
    })),
    operatedInfo: { userID: operator },
  },
});

/** Computes a set; throws the limit's ZIMError before anything changes. Applies it, returns its push. */
export function setMemberAttributes(
  room: MemoryRoom,
  operator: string,
  request: MemberAttributesSet,
): { result: MemberAttributesSetResult; push: Push | undefined } {
  const changes = new Map<string, MemberAttributeMap>();
  const errorUserList: string[] = [];
  let newcomers = 0;
  for (const userID of new Set(request.userIDs)) {
    if (!room.members.has(userID)) {
      errorUserList.push(userID);
      continue;
    }
    const current = room.memberAttributes.get(userID);
    const next = withMemberAttributes(current, request.attributes, operator, request.deleteAfterOwnerLeft);
    checkMemberTotals(userID, next);
    if (!current && next.size > 0) newcomers += 1;
    changes.set(userID, next);
  }
  if (newcomers > 0 && room.memberAttributes.size + newcomers > MEMBER_ATTRIBUTE_LIMITS.users) {
    throw zimError(
      ZIMErrorCode.RoomMemberAttributesUsersLimit,
      `At most ${MEMBER_ATTRIBUTE_LIMITS.users} members of a room may have attributes`,
    );
  }
  const infos = [...changes].map(([userID, map]) => ({ userID, attributes: plainMemberAttributes(map) }));
  const changed = Object.keys(request.attributes).length > 0 && changes.size > 0;
  if (changed) room.memberAttributes.put(changes);
  return {
    result: { ok: true, infos, errorUserList },
    push: changed ? update(room.meta.roomID, operator, changes) : undefined,
  };
}

/** Of `userIDs`, those that are members or still have attributes. */
export function memberAttributes(
  room: MemoryRoom | undefined,
  userIDs: readonly string[],
): { userID: string; attributes: Record<string, string> }[] {
  if (!room) return [];
  const found = [];
  for (const userID of new Set(userIDs)) {
    const map = room.memberAttributes.get(userID);
    if (map || room.members.has(userID)) found.push({ userID, attributes: plainMemberAttributes(map) });
  }
  return found;
}

/**
 * Inside a leave step, once `userID`'s last session is out: what goes of the member attributes,
 * as the push members see. A leaver's plain loss is not announced (its roomMemberLeft says it).
 */
export function memberAttributesAfterLeave(room: MemoryRoom, userID: string): Push | undefined {
  if (room.memberAttributes.size === 0) return undefined;
  const changes = room.memberAttributes.afterLeave(userID, (id) => room.members.has(id));
  const shown = new Map([...changes].filter(([id, map]) => id !== userID || map.size > 0));
  return shown.size > 0 ? update(room.meta.roomID, userID, shown) : undefined;
}
