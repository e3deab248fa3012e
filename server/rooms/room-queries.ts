/** Room information (SPEC section 5): member list paging, member lookup, member count. */
import {
  ZIMErrorCode,
  type QueryRoomMemberListPayload,
  type QueryRoomMembersPayload,
  type ZIMRoomMemberQueriedResult,
  type ZIMRoomMembersQueriedResult,
  type ZIMRoomOnlineMemberCountQueriedResult,
} from '../../lib/protocol/index.ts';
import { requireRoomOfSession, type RoomDeps } from './context.ts';
import type { Session } from './sessions.ts';

export class RoomQueries {
  constructor(private readonly deps: RoomDeps) {}

  /** Stable cursor paging in join order; the cursor is the last member's join sequence. */
  async queryRoomMemberList(session: Session, p: QueryRoomMemberListPayload): Promise<ZIMRoomMemberQueriedResult> {
    requireRoomOfSession(session, p.roomID);
    const after = /^\d+$/.test(p.config.nextFlag) ? Number(p.config.nextFlag) : 0;
    const { members, more } = await this.deps.store.listMembers(p.roomID, after, p.config.count);
    const last = members.at(-1);
    return {
      roomID: p.roomID,
      memberList: members.map((m) => ({ ...m.user })),
      nextFlag: more && last ? String(last.seq) : '',
    };
  }

  async queryRoomMembers(session: Session, p: QueryRoomMembersPayload): Promise<ZIMRoomMembersQueriedResult> {
    requireRoomOfSession(session, p.roomID);
    const result: ZIMRoomMembersQueriedResult = { roomID: p.roomID, memberList: [], errorUserList: [] };
    for (const userID of new Set(p.userIDs)) {
      const member = await this.deps.store.getMember(p.roomID, userID);
      if (member) result.memberList.push({ ...member.user });
      else result.errorUserList.push({ userID, reason: ZIMErrorCode.NotInRoom });
    }
    return result;
  }

  async queryRoomOnlineMemberCount(session: Session, roomID: string): Promise<ZIMRoomOnlineMemberCountQueriedResult> {
    requireRoomOfSession(session, roomID);
    return { roomID, count: await this.deps.store.countMembers(roomID) };
  }
}
