/** The memory store's member attributes of one room (SPEC 6b): userID → attributes, in list order. */
import { plainMemberAttributes, survivingAttributes } from '../rooms/member-attributes.ts';
import type { MemberAttributeMap, MemberAttributesEntry } from './extensions.ts';

const copy = (map: MemberAttributeMap): MemberAttributeMap => new Map([...map].map(([k, r]) => [k, { ...r }]));

export class MemberAttributeTable {
  /** Map order is insertion order, which is seq order: a user who loses all and gets some again goes last. */
  private readonly entries = new Map<string, { seq: number; attributes: MemberAttributeMap }>();
  private seq = 0;

  get(userID: string): MemberAttributeMap | undefined {
    const entry = this.entries.get(userID);
    return entry ? copy(entry.attributes) : undefined;
  }

  /** Replaces each user's attributes; an empty map takes the user off the list. */
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
      entries.push({ userID, seq: entry.seq, attributes: plainMemberAttributes(entry.attributes) });
    }
    return { entries, more: false };
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * After `userID`'s last session left: its attributes go, but for those set with
   * isDeleteAfterOwnerLeft false by a member who stays, and what it kept on members who had left
   * goes too. Returns the maps that changed (empty: gone).
   */
  afterLeave(userID: string, isMember: (userID: string) => boolean): Map<string, MemberAttributeMap> {
    const changes = new Map<string, MemberAttributeMap>();
    for (const [owner, entry] of this.entries) {
      const involved = owner === userID || [...entry.attributes.values()].some((r) => r.setter === userID);
      if (!involved || isMember(owner)) continue;
      const kept = survivingAttributes(entry.attributes, (id) => id !== userID && isMember(id));
      if (kept.size !== entry.attributes.size) changes.set(owner, kept);
    }
    this.put(changes);
    return changes;
  }
}
