/** Member attribute rules (SPEC 6b) as pure functions over copies of the members' maps. */
import { byteLength, ZIMErrorCode, zimError } from '../../lib/protocol/index.ts';
import type { MemberAttributeMap } from '../store/extensions.ts';

export const MEMBER_ATTRIBUTE_LIMITS = {
  /** Members of one room that may have attributes. */
  users: 500,
  /** Pairs per member. */
  pairs: 30,
  /** Keys and values of one member, in bytes. */
  totalBytes: 144,
  keyBytes: 8,
  valueBytes: 64,
} as const;

/** Checks the pairs a caller sends: non-empty keys, key and value sizes. */
export function checkMemberPairs(attributes: Record<string, string>): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (key.length === 0) throw zimError(ZIMErrorCode.InvalidParameter, 'Member attribute keys must not be empty');
    if (byteLength(key) > MEMBER_ATTRIBUTE_LIMITS.keyBytes) {
      throw zimError(
        ZIMErrorCode.RoomMemberAttributesKeyTooLong,
        `Member attribute key "${key.slice(0, 32)}" is longer than ${MEMBER_ATTRIBUTE_LIMITS.keyBytes} bytes`,
      );
    }
    if (byteLength(value) > MEMBER_ATTRIBUTE_LIMITS.valueBytes) {
      throw zimError(
        ZIMErrorCode.RoomMemberAttributesValueTooLong,
        `The value of member attribute "${key}" is longer than ${MEMBER_ATTRIBUTE_LIMITS.valueBytes} bytes`,
      );
    }
  }
}

/** Throws 6000351 when one member's map holds too many pairs or bytes. */
export function checkMemberTotals(userID: string, map: MemberAttributeMap): void {
  if (map.size > MEMBER_ATTRIBUTE_LIMITS.pairs) {
    throw zimError(
      ZIMErrorCode.RoomMemberAttributesKVExceedsLimit,
      `Member "${userID}" would hold more than ${MEMBER_ATTRIBUTE_LIMITS.pairs} attributes`,
    );
  }
  let total = 0;
  for (const [key, record] of map) total += byteLength(key) + byteLength(record.value);
  if (total > MEMBER_ATTRIBUTE_LIMITS.totalBytes) {
    throw zimError(
      ZIMErrorCode.RoomMemberAttributesKVExceedsLimit,
      `Member "${userID}"'s attributes would pass ${MEMBER_ATTRIBUTE_LIMITS.totalBytes} bytes in all`,
    );
  }
}

/** `current` with `attributes` set by `setter`; the caller's map is not changed. */
export function withMemberAttributes(
  current: MemberAttributeMap | undefined,
  attributes: Record<string, string>,
  setter: string,
  deleteAfterOwnerLeft: boolean,
): MemberAttributeMap {
  const next: MemberAttributeMap = new Map(current ?? []);
  for (const [key, value] of Object.entries(attributes)) next.set(key, { value, setter, deleteAfterOwnerLeft });
  return next;
}

/**
 * What stays of the map of a member who is no longer in the room: the keys set with
 * isDeleteAfterOwnerLeft false by a setter who still is.
 */
export function survivingAttributes(
  map: MemberAttributeMap,
  isMember: (userID: string) => boolean,
): MemberAttributeMap {
  const kept: MemberAttributeMap = new Map();
  for (const [key, record] of map) if (!record.deleteAfterOwnerLeft && isMember(record.setter)) kept.set(key, record);
  return kept;
}

export function plainMemberAttributes(map: MemberAttributeMap | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, record] of map ?? []) out[key] = record.value;
  return out;
}
