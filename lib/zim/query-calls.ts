/** Read-only room queries: plain calls, checked with the wire's schemas first. */
import {
  queryRoomMemberListSchema,
  queryRoomMembersSchema,
  roomIDOnlySchema,
  type ZIMRoomMemberQueriedResult,
  type ZIMRoomMemberQueryConfig,
  type ZIMRoomMembersQueriedResult,
  type ZIMRoomOnlineMemberCountQueriedResult,
} from '../protocol/index.ts';
import { parseArgs, type ZIMCore } from './core.ts';

export async function queryRoomMemberList(
  core: ZIMCore,
  roomID: string,
  config: ZIMRoomMemberQueryConfig,
): Promise<ZIMRoomMemberQueriedResult> {
  return core.connection.call('queryRoomMemberList', parseArgs(queryRoomMemberListSchema, { roomID, config }));
}

export async function queryRoomMembers(
  core: ZIMCore,
  userIDs: string[],
  roomID: string,
): Promise<ZIMRoomMembersQueriedResult> {
  return core.connection.call('queryRoomMembers', parseArgs(queryRoomMembersSchema, { userIDs, roomID }));
}

export async function queryRoomOnlineMemberCount(
  core: ZIMCore,
  roomID: string,
): Promise<ZIMRoomOnlineMemberCountQueriedResult> {
  return core.connection.call('queryRoomOnlineMemberCount', parseArgs(roomIDOnlySchema, { roomID }));
}
