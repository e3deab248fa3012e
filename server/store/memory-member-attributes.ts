/** The memory store's member attributes of one room (SPEC 6b): userID → attributes, in list order. */
import type { MemberAttributeMap, MemberAttributesEntry } from './types.ts';

const copy = (map: MemberAttributeMap): MemberAttributeMap => new Map([...map].map(([k, r]) => [k, { ...r }]));

export class MemberAttributeTable {
  /** Map order is insertion order, which is seq order: a user who loses all and gets some again goes last. */
  private readonly entries = new Map<string, { seq: number; attributes: MemberAttributeMap }>();
  private seq = 0;

  get(userIDs: readonly string[]): Map<string, MemberAttributeMap> {
    const found = new Map<string, MemberAttributeMap>();
    for (const userID of userIDs) {
      const entry = this.entries.get(userID);
      if (entry) found.set(userID, copy(entry.attributes));
    }
    return found;
  }

  put(changes: ReadonlyMap<string, MemberAttributeMap>): void {
    for (const [userID, attributes] of changes) {
      const entry = this.entries.get(userID);
      if (attributes.size === 0) this.entries.delete(userID);
      else if (entry) entry.attributes = copy(attributes);
      else this.entries.set(userID, { seq: ++this.seq, attributes: copy(attributes) });
    }
  }

  list(afterSeq: number, limit: number): { entries: MemberAttributesEntry[]; more: boolean } {
    const entries: MemberAttributesEntry[] = [];
    for (const [userID, entry] of this.entries) {
      if (entry.seq <= afterSeq) continue;
      if (entries.length === limit) return { entries, more: true };
      entries.push({ userID, seq: entry.seq, attributes: copy(entry.attributes) });
    }
    return { entries, more: false };
  }

  get size(): number {
    return this.entries.size;
  }
}
