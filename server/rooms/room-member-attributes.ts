/**
 * Member attribute calls (SPEC 6b): set, query, list, and the clean-up when members leave. The
 * rules are in member-attributes.ts; a room's destruction drops them with the room (the store).
 */
import {
  ZIMErrorCode,
  zimError,
  type QueryRoomMemberAttributesListPayload,
  type QueryRoomMembersAttributesPayload,
  type SetRoomMembersAttributesPayload,
  type ZIMRoomMemberAttributesInfo,
  type ZIMRoomMemberAttributesListQueriedResult,
  type ZIMRoomMembersAttributesOperatedResult,
  type ZIMRoomMembersAttributesQueriedResult,
} from '../../lib/protocol/index.ts';
import type { MemberAttributeMap } from '../store/types.ts';
import { requireOpen, requireRoomOfSession, roomKey, type Reply, type RoomDeps } from './context.ts';
import {
  MEMBER_ATTRIBUTE_LIMITS,
  checkMemberPairs,
  checkMemberTotals,
  plainMemberAttributes,
  survivingAttributes,
  withMemberAttributes,
} from './member-attributes.ts';
import { RateLimiter } from './rate-limit.ts';
import type { Session } from './sessions.ts';

type Operated = ZIMRoomMembersAttributesOperatedResult;

const info = (userID: string, map: MemberAttributeMap | undefined): ZIMRoomMemberAttributesInfo => ({
  userID,
  attributes: plainMemberAttributes(map),
});

export class RoomMemberAttributes {
  /** Sets per room (6000354), queries per session (6000356); per node, like the message rate. */
  private readonly setLimiters = new Map<string, RateLimiter>();
  private readonly queryLimiters = new WeakMap<Session, RateLimiter>();

  constructor(private readonly deps: RoomDeps) {
    deps.events.on('roomDestroyed', ({ roomID }) => this.setLimiters.delete(roomID));
  }

  /** Sets `attributes` on each target in the room; the others go to errorUserList. All or nothing. */
  setRoomMembersAttributes(session: Session, p: SetRoomMembersAttributesPayload, reply: Reply<Operated>): Promise<void> {
    const { store, outbox } = this.deps;
    requireRoomOfSession(session, p.roomID);
    checkMemberPairs(p.attributes);
    this.takeSet(p.roomID);
    return store.withLocks([roomKey(p.roomID)], async () => {
      requireOpen(session);
      requireRoomOfSession(session, p.roomID);
      const targets: string[] = [];
      const errorUserList: string[] = [];
      for (const userID of new Set(p.userIDs)) {
        if (await store.getMember(p.roomID, userID)) targets.push(userID);
        else errorUserList.push(userID);
      }
      const current = await store.getMemberAttributes(p.roomID, targets);
      const changes = new Map<string, MemberAttributeMap>();
      for (const userID of targets) {
        const next = withMemberAttributes(current.get(userID), p.attributes, session.user.userID, p.config.isDeleteAfterOwnerLeft);
        checkMemberTotals(userID, next);
        changes.set(userID, next);
      }
      const newcomers = [...changes].filter(([userID, map]) => map.size > 0 && !current.has(userID)).length;
      if (newcomers > 0 && (await store.countMemberAttributeUsers(p.roomID)) + newcomers > MEMBER_ATTRIBUTE_LIMITS.users) {
        throw zimError(
          ZIMErrorCode.RoomMemberAttributesUsersLimit,
          `At most ${MEMBER_ATTRIBUTE_LIMITS.users} members of a room may have attributes`,
        );
      }
      const infos = [...changes].map(([userID, map]) => info(userID, map));
      if (Object.keys(p.attributes).length > 0 && changes.size > 0) {
        await store.putMemberAttributes(p.roomID, changes);
        outbox.toRoom(p.roomID, 'roomMemberAttributesUpdated', {
          roomID: p.roomID,
          infos: infos.map((attributesInfo) => ({ attributesInfo })),
          operatedInfo: { userID: session.user.userID },
        });
      }
      reply({ roomID: p.roomID, infos: infos.map((attributesInfo) => ({ attributesInfo, errorKeys: [] })), errorUserList });
    });
  }

  /** The attributes of each queried user who is in the room or still has some. */
  async queryRoomMembersAttributes(session: Session, p: QueryRoomMembersAttributesPayload): Promise<ZIMRoomMembersAttributesQueriedResult> {
    const { store } = this.deps;
    requireRoomOfSession(session, p.roomID);
    this.takeQuery(session);
    const userIDs = [...new Set(p.userIDs)];
    const found = await store.getMemberAttributes(p.roomID, userIDs);
    const infos: ZIMRoomMemberAttributesInfo[] = [];
    for (const userID of userIDs) {
      if (found.has(userID) || (await store.getMember(p.roomID, userID))) infos.push(info(userID, found.get(userID)));
    }
    return { roomID: p.roomID, infos };
  }

  /** Every member with attributes, in the order they got them; the cursor is the last one's place. */
  async queryRoomMemberAttributesList(
    session: Session,
    p: QueryRoomMemberAttributesListPayload,
  ): Promise<ZIMRoomMemberAttributesListQueriedResult> {
    requireRoomOfSession(session, p.roomID);
    this.takeQuery(session);
    const after = /^\d+$/.test(p.config.nextFlag) ? Number(p.config.nextFlag) : 0;
    const { entries, more } = await this.deps.store.listMemberAttributes(p.roomID, after, p.config.count);
    const last = entries.at(-1);
    return {
      roomID: p.roomID,
      infos: entries.map((e) => info(e.userID, e.attributes)),
      nextFlag: more && last ? String(last.seq) : '',
    };
  }

  /**
   * Under the room's lock, after `userID`'s last session left: its attributes go, but for those
   * set with isDeleteAfterOwnerLeft false by a member who stays; and what it kept on members
   * who had left goes too. Members see the change, but not the plain loss of a leaver's
   * attributes: their roomMemberLeft already says that.
   */
  async memberLeft(roomID: string, userID: string): Promise<void> {
    const { store, outbox } = this.deps;
    if ((await store.countMemberAttributeUsers(roomID)) === 0) return;
    const members = new Map<string, boolean>();
    const isMember = async (id: string) => {
      if (!members.has(id)) members.set(id, id !== userID && (await store.getMember(roomID, id)) !== undefined);
      return members.get(id) === true;
    };
    const changes = new Map<string, MemberAttributeMap>();
    for (let after = 0, more = true; more; ) {
      const page = await store.listMemberAttributes(roomID, after, MEMBER_ATTRIBUTE_LIMITS.users);
      for (const entry of page.entries) {
        const involved = entry.userID === userID || [...entry.attributes.values()].some((r) => r.setter === userID);
        if (!involved || (await isMember(entry.userID))) continue;
        for (const record of entry.attributes.values()) await isMember(record.setter);
        const kept = survivingAttributes(entry.attributes, (id) => members.get(id) === true);
        if (kept.size !== entry.attributes.size) changes.set(entry.userID, kept);
      }
      after = page.entries.at(-1)?.seq ?? after;
      more = page.more;
    }
    if (changes.size === 0) return;
    await store.putMemberAttributes(roomID, changes);
    const shown = [...changes].filter(([id, map]) => id !== userID || map.size > 0);
    if (shown.length === 0) return;
    outbox.toRoom(roomID, 'roomMemberAttributesUpdated', {
      roomID,
      infos: shown.map(([id, map]) => ({ attributesInfo: info(id, map) })),
      operatedInfo: { userID },
    });
  }

  private takeSet(roomID: string): void {
    let limiter = this.setLimiters.get(roomID);
    if (!limiter) {
      this.setLimiters.set(roomID, (limiter = new RateLimiter(this.deps.config.memberAttributesSetRate, () => this.deps.clock.now())));
    }
    if (!limiter.take()) {
      throw zimError(ZIMErrorCode.RoomMemberAttributesSetTooFrequent, 'Member attributes of this room change too often; retry shortly');
    }
  }

  private takeQuery(session: Session): void {
    let limiter = this.queryLimiters.get(session);
    if (!limiter) {
      this.queryLimiters.set(session, (limiter = new RateLimiter(this.deps.config.memberAttributesQueryRate, () => this.deps.clock.now())));
    }
    if (!limiter.take()) {
      throw zimError(ZIMErrorCode.RoomMemberAttributesUserQueryTooFrequent, 'You query member attributes too often; retry shortly');
    }
  }
}
