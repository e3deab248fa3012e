/**
 * Member event batching (SPEC section 4). The store decides when changes go out: a change in a
 * quiet room at once, opening a window; changes inside the window together at its end, at most
 * one joined and one left event per room. Each receiver gets the net change over the changes
 * after its own entry (a user who joined and left inside the window is in neither list): this is
 * the rule, applied where a node delivers the event.
 */
import type { ZIMUserInfo } from '../../lib/protocol/index.ts';
import type { MemberChange } from '../store/types.ts';

export interface NetChange {
  joined: ZIMUserInfo[];
  left: ZIMUserInfo[];
}

/** The net membership change over the changes after `afterSeq`. */
export function netChange(changes: readonly MemberChange[], afterSeq: number): NetChange {
  const firstKind = new Map<string, MemberChange['kind']>();
  const last = new Map<string, MemberChange>();
  for (const change of changes) {
    if (change.seq <= afterSeq) continue;
    const id = change.user.userID;
    if (!firstKind.has(id)) firstKind.set(id, change.kind);
    last.delete(id); // keep Map order = order of each user's latest change
    last.set(id, change);
  }
  const joined: ZIMUserInfo[] = [];
  const left: ZIMUserInfo[] = [];
  for (const [id, change] of last) {
    const wasMember = firstKind.get(id) === 'leave';
    const isMember = change.kind === 'join';
    if (!wasMember && isMember) joined.push(change.user);
    else if (wasMember && !isMember) left.push(change.user);
  }
  return { joined, left };
}
