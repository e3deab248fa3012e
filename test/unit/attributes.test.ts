import { describe, expect, it } from 'vitest';
import { ZIMErrorCode } from '../../lib/protocol/index.ts';
import {
  applyDelete,
  applySet,
  checkTotals,
  dropOwnerKeys,
  emptyChange,
  initialAttributes,
  plainAttributes,
  type AttributeMap,
} from '../../server/rooms/attributes.ts';

const plain = { isForce: false, isDeleteAfterOwnerLeft: false, isUpdateOwner: false };

/** Runs `fn`, returning the ZIMError code it throws (undefined when it does not throw). */
function codeOf(fn: () => void): number | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

function mapOwnedBy(owner: string, attrs: Record<string, string>): AttributeMap {
  return initialAttributes(attrs, owner);
}

describe('room attribute limits', () => {
  it('a room holds at most 20 keys (6000334)', () => {
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'v']));
    expect(codeOf(() => initialAttributes(twenty, 'a'))).toBeUndefined();
    expect(codeOf(() => initialAttributes({ ...twenty, k20: 'v' }, 'a'))).toBe(ZIMErrorCode.RoomAttributesCountLimit);
  });

  it('a key is at most 16 bytes, counted in UTF-8 (6000335)', () => {
    expect(codeOf(() => initialAttributes({ ['k'.repeat(16)]: 'v' }, 'a'))).toBeUndefined();
    expect(codeOf(() => initialAttributes({ ['k'.repeat(17)]: 'v' }, 'a'))).toBe(ZIMErrorCode.RoomAttributeKeyTooLong);
    // 9 characters, 18 bytes.
    expect(codeOf(() => initialAttributes({ ['é'.repeat(9)]: 'v' }, 'a'))).toBe(ZIMErrorCode.RoomAttributeKeyTooLong);
  });

  it('a value is at most 1024 bytes, counted in UTF-8 (6000336)', () => {
    expect(codeOf(() => initialAttributes({ k: 'v'.repeat(1024) }, 'a'))).toBeUndefined();
    expect(codeOf(() => initialAttributes({ k: 'v'.repeat(1025) }, 'a'))).toBe(ZIMErrorCode.RoomAttributeValueTooLong);
    expect(codeOf(() => initialAttributes({ k: 'é'.repeat(513) }, 'a'))).toBe(ZIMErrorCode.RoomAttributeValueTooLong);
  });

  it('all values together are at most 5120 bytes (6000337)', () => {
    const full = {
      a: 'x'.repeat(1024),
      b: 'x'.repeat(1024),
      c: 'x'.repeat(1024),
      d: 'x'.repeat(1024),
      e: 'x'.repeat(1024),
    };
    expect(codeOf(() => initialAttributes(full, 'a'))).toBeUndefined();
    const map = initialAttributes(full, 'a');
    applySet(map, { f: 'y' }, plain, 'a', emptyChange());
    expect(codeOf(() => checkTotals(map))).toBe(ZIMErrorCode.RoomAttributesTotalTooLong);
  });

  it('a call with one bad pair is refused before any key is set', () => {
    const map = mapOwnedBy('a', {});
    const change = emptyChange();
    expect(codeOf(() => applySet(map, { good: '1', ['k'.repeat(17)]: '2' }, plain, 'a', change))).toBe(
      ZIMErrorCode.RoomAttributeKeyTooLong,
    );
    expect(map.size).toBe(0);
    expect(change.set).toEqual({});
  });
});

describe('room attribute owners', () => {
  it("another user's key is not changed without isForce; it is reported in errorKeys", () => {
    const map = mapOwnedBy('a', { k: 'A' });
    const change = emptyChange();
    applySet(map, { k: 'B', mine: 'b' }, plain, 'b', change);
    expect(change.errorKeys).toEqual(['k']);
    expect(change.set).toEqual({ mine: 'b' });
    expect(plainAttributes(map)).toEqual({ k: 'A', mine: 'b' });
  });

  it("isForce changes another user's key but keeps its owner", () => {
    const map = mapOwnedBy('a', { k: 'A' });
    applySet(map, { k: 'B' }, { ...plain, isForce: true }, 'b', emptyChange());
    expect(map.get('k')).toMatchObject({ value: 'B', owner: 'a' });
  });

  it('isUpdateOwner makes the caller the owner', () => {
    const map = mapOwnedBy('a', { k: 'A' });
    applySet(map, { k: 'B' }, { ...plain, isForce: true, isUpdateOwner: true }, 'b', emptyChange());
    expect(map.get('k')).toMatchObject({ value: 'B', owner: 'b' });
    const change = emptyChange();
    applySet(map, { k: 'A again' }, plain, 'a', change);
    expect(change.errorKeys).toEqual(['k']);
  });

  it("deleting another user's key needs isForce; deleting a missing key is an errorKey", () => {
    const map = mapOwnedBy('a', { k: 'A' });
    const refused = emptyChange();
    applyDelete(map, ['k', 'missing'], false, 'b', refused);
    expect(refused.errorKeys).toEqual(['k', 'missing']);
    expect(map.has('k')).toBe(true);
    const forced = emptyChange();
    applyDelete(map, ['k'], true, 'b', forced);
    expect(forced).toEqual({ set: {}, deleted: { k: '' }, errorKeys: [] });
    expect(map.has('k')).toBe(false);
  });

  it('isDeleteAfterOwnerLeft keys of the leaving owner are dropped, and only those', () => {
    const map = mapOwnedBy('a', { created: '1' });
    applySet(map, { temp: 't' }, { ...plain, isDeleteAfterOwnerLeft: true }, 'b', emptyChange());
    applySet(map, { kept: 'k' }, plain, 'b', emptyChange());
    expect(dropOwnerKeys(map, 'a')).toEqual({});
    expect(dropOwnerKeys(map, 'b')).toEqual({ temp: '' });
    expect(plainAttributes(map)).toEqual({ created: '1', kept: 'k' });
  });

  it('the attributes given at creation belong to the creator', () => {
    const map = initialAttributes({ k: 'v' }, 'creator');
    expect(map.get('k')).toEqual({ value: 'v', owner: 'creator', deleteAfterOwnerLeft: false });
  });
});

describe('one change made of several calls', () => {
  it('a key set and then deleted in one change is reported only as deleted', () => {
    const map = mapOwnedBy('a', {});
    const change = emptyChange();
    applySet(map, { k: '1' }, plain, 'a', change);
    applyDelete(map, ['k'], false, 'a', change);
    expect(change).toEqual({ set: {}, deleted: { k: '' }, errorKeys: [] });
  });

  it('a key deleted and then set again in one change is reported only as set', () => {
    const map = mapOwnedBy('a', { k: '0' });
    const change = emptyChange();
    applyDelete(map, ['k'], false, 'a', change);
    applySet(map, { k: '1' }, plain, 'a', change);
    expect(change).toEqual({ set: { k: '1' }, deleted: {}, errorKeys: [] });
    expect(plainAttributes(map)).toEqual({ k: '1' });
  });
});
