/** Room attribute rules (SPEC section 6) as pure functions over a copy of the room's map. */
import { byteLength, ZIMErrorCode, zimError, type RoomAttributesSetConfig } from '../../lib/protocol/index.ts';
import type { AttributeRecord } from '../store/types.ts';

export const ATTRIBUTE_LIMITS = { keys: 20, keyBytes: 16, valueBytes: 1024, totalValueBytes: 5120 } as const;

export type AttributeMap = Map<string, AttributeRecord>;

export interface AttributeChange {
  set: Record<string, string>;
  deleted: Record<string, string>;
  errorKeys: string[];
}

function checkPairs(attrs: Record<string, string>): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (key.length === 0) throw zimError(ZIMErrorCode.InvalidParameter, 'Room attribute keys must not be empty');
    if (byteLength(key) > ATTRIBUTE_LIMITS.keyBytes) {
      throw zimError(
        ZIMErrorCode.RoomAttributeKeyTooLong,
        `Room attribute key "${key.slice(0, 32)}" is longer than ${ATTRIBUTE_LIMITS.keyBytes} bytes`,
      );
    }
    if (byteLength(value) > ATTRIBUTE_LIMITS.valueBytes) {
      throw zimError(
        ZIMErrorCode.RoomAttributeValueTooLong,
        `The value of room attribute "${key}" is longer than ${ATTRIBUTE_LIMITS.valueBytes} bytes`,
      );
    }
  }
}

/** Throws the limit error a map breaks, if any. */
export function checkTotals(map: AttributeMap): void {
  if (map.size > ATTRIBUTE_LIMITS.keys) {
    throw zimError(ZIMErrorCode.RoomAttributesCountLimit, `A room holds at most ${ATTRIBUTE_LIMITS.keys} attributes`);
  }
  let total = 0;
  for (const record of map.values()) total += byteLength(record.value);
  if (total > ATTRIBUTE_LIMITS.totalValueBytes) {
    throw zimError(
      ZIMErrorCode.RoomAttributesTotalTooLong,
      `A room's attribute values total at most ${ATTRIBUTE_LIMITS.totalValueBytes} bytes`,
    );
  }
}

/** The attributes a room starts with, owned by its creator. */
export function initialAttributes(attrs: Record<string, string>, owner: string): AttributeMap {
  checkPairs(attrs);
  const map: AttributeMap = new Map();
  for (const [key, value] of Object.entries(attrs)) map.set(key, { value, owner, deleteAfterOwnerLeft: false });
  checkTotals(map);
  return map;
}

export function emptyChange(): AttributeChange {
  return { set: {}, deleted: {}, errorKeys: [] };
}

/** Sets keys in `map` (mutated); another user's key changes only with isForce. */
export function applySet(
  map: AttributeMap,
  attrs: Record<string, string>,
  config: RoomAttributesSetConfig,
  userID: string,
  change: AttributeChange,
): void {
  checkPairs(attrs);
  for (const [key, value] of Object.entries(attrs)) {
    const current = map.get(key);
    if (current && current.owner !== userID && !config.isForce) {
      change.errorKeys.push(key);
      continue;
    }
    const takesOwnership = !current || config.isUpdateOwner;
    map.set(key, {
      value,
      owner: takesOwnership ? userID : current.owner,
      deleteAfterOwnerLeft: takesOwnership ? config.isDeleteAfterOwnerLeft : current.deleteAfterOwnerLeft,
    });
    change.set[key] = value;
    delete change.deleted[key];
  }
}

/** Deletes keys from `map` (mutated); missing keys and others' keys without isForce are errorKeys. */
export function applyDelete(
  map: AttributeMap,
  keys: readonly string[],
  isForce: boolean,
  userID: string,
  change: AttributeChange,
): void {
  for (const key of keys) {
    const current = map.get(key);
    if (!current || (current.owner !== userID && !isForce)) {
      change.errorKeys.push(key);
      continue;
    }
    map.delete(key);
    delete change.set[key];
    change.deleted[key] = '';
  }
}

/** Deletes the keys a leaving owner marked isDeleteAfterOwnerLeft. */
export function dropOwnerKeys(map: AttributeMap, ownerID: string): Record<string, string> {
  const deleted: Record<string, string> = {};
  for (const [key, record] of map) {
    if (record.owner === ownerID && record.deleteAfterOwnerLeft) {
      map.delete(key);
      deleted[key] = '';
    }
  }
  return deleted;
}

export function plainAttributes(map: AttributeMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, record] of map) out[key] = record.value;
  return out;
}
