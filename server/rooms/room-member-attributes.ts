/**
 * Member attribute calls (SPEC 6b): set, query, list. The rules are in member-attributes.ts and
 * each change is one store step (extensions.ts); a member's attributes going when it leaves is
 * part of the leave step, and the room's destruction drops them with the room.
 */
import {
  ZIMErrorCode,
  zimError,
  type QueryRoomMemberAttributesListPayload,
  type QueryRoomMembersAttributesPayload,
  type SetRoomMembersAttributesPayload,
  type ZIMRoomMemberAttributesListQueriedResult,
  type ZIMRoomMembersAttributesOperatedResult,
  type ZIMRoomMembersAttributesQueriedResult,
} from '../../lib/protocol/index.ts';
import { extendedSteps } from '../store/extensions.ts';
import { callerOf, requireOpen, requireRoomOfSession, type Reply, type RoomDeps } from './context.ts';
import { checkMemberPairs } from './member-attributes.ts';
import { takeToken, type RateLimiter } from './rate-limit.ts';
import type { Session } from './sessions.ts';

const WHAT = 'Member attributes';

export class RoomMemberAttributes {
  /** Sets per room (6000354), queries per session (6000356); per node, like the message rate. */
  private readonly setLimiters = new Map<string, RateLimiter>();
  private readonly queryLimiters = new WeakMap<Session, RateLimiter>();

  constructor(private readonly deps: RoomDeps) {
    deps.events.on('roomDestroyed', ({ roomID }) => this.setLimiters.delete(roomID));
  }

  /** Sets `attributes` on each target in the room; the others go to errorUserList. All or nothing. */
  async setRoomMembersAttributes(
    session: Session,
    p: SetRoomMembersAttributesPayload,
    reply: Reply<ZIMRoomMembersAttributesOperatedResult>,
  ): Promise<void> {
    const steps = extendedSteps(this.deps.store, WHAT);
    requireRoomOfSession(session, p.roomID);
    checkMemberPairs(p.attributes);
    this.takeSet(p.roomID);
    requireOpen(session);
    const result = await steps.setMemberAttributes(callerOf(session), p.roomID, {
      attributes: p.attributes,
      userIDs: p.userIDs,
      deleteAfterOwnerLeft: p.config.isDeleteAfterOwnerLeft,
    });
    if (!result.ok) throw zimError(ZIMErrorCode.NotInRoom, `You are not in room "${p.roomID}"`);
    reply({
      roomID: p.roomID,
      infos: result.infos.map((attributesInfo) => ({ attributesInfo, errorKeys: [] })),
      errorUserList: result.errorUserList,
    });
  }

  /** The attributes of each queried user who is in the room or still has some. */
  async queryRoomMembersAttributes(
    session: Session,
    p: QueryRoomMembersAttributesPayload,
  ): Promise<ZIMRoomMembersAttributesQueriedResult> {
    const steps = extendedSteps(this.deps.store, WHAT);
    requireRoomOfSession(session, p.roomID);
    this.takeQuery(session);
    return { roomID: p.roomID, infos: await steps.memberAttributes(p.roomID, p.userIDs) };
  }

  /** Every member with attributes, in the order they got them; the cursor is the last one's place. */
  async queryRoomMemberAttributesList(
    session: Session,
    p: QueryRoomMemberAttributesListPayload,
  ): Promise<ZIMRoomMemberAttributesListQueriedResult> {
    const steps = extendedSteps(this.deps.store, WHAT);
    requireRoomOfSession(session, p.roomID);
    this.takeQuery(session);
    const after = /^\d+$/.test(p.config.nextFlag) ? Number(p.config.nextFlag) : 0;
    const { entries, more } = await steps.listMemberAttributes(p.roomID, after, p.config.count);
    const last = entries.at(-1);
    return {
      roomID: p.roomID,
      infos: entries.map(({ userID, attributes }) => ({ userID, attributes })),
      nextFlag: more && last ? String(last.seq) : '',
    };
  }

  private takeSet(roomID: string): void {
    if (!takeToken(this.setLimiters, roomID, this.deps.config.memberAttributesSetRate, this.deps.clock)) {
      throw zimError(
        ZIMErrorCode.RoomMemberAttributesSetTooFrequent,
        'Member attributes of this room change too often; retry shortly',
      );
    }
  }

  private takeQuery(session: Session): void {
    if (!takeToken(this.queryLimiters, session, this.deps.config.memberAttributesQueryRate, this.deps.clock)) {
      throw zimError(
        ZIMErrorCode.RoomMemberAttributesUserQueryTooFrequent,
        'You query member attributes too often; retry shortly',
      );
    }
  }
}
