/** Read-only room queries: plain calls, checked with the wire's shared rules first. */
import {
  checkPageCount,
  checkRoomID,
  checkUserID,
  type ZIMRoomMemberQueriedResult,
  type ZIMRoomMemberQueryConfig,
  type ZIMRoomMembersQueriedResult,
  type ZIMRoomOnlineMemberCountQueriedResult,
} from '../protocol/client.ts';
import { checked, listArg, objectArg, type ZIMCore } from './core.ts';

export async function queryRoomMemberList(
  core: ZIMCore,
  roomID: string,
  config: ZIMRoomMemberQueryConfig,
): Promise<ZIMRoomMemberQueriedResult> {
  const id = checked<string>('roomID', roomID, checkRoomID);
  const { nextFlag, count } = objectArg('config', config);
  return core.connection.call('queryRoomMemberList', {
    roomID: id,
    config: { nextFlag: nextFlag ?? '', count: checked<number>('config.count', count, checkPageCount) },
  });
}

export async function queryRoomMembers(
  core: ZIMCore,
  userIDs: string[],
  roomID: string,
): Promise<ZIMRoomMembersQueriedResult> {
  const id = checked<string>('roomID', roomID, checkRoomID);
  const ids = listArg('userIDs', userIDs, (userID, path) => checked<string>(path, userID, checkUserID));
  return core.connection.call('queryRoomMembers', { userIDs: ids, roomID: id });
}

export async function queryRoomOnlineMemberCount(
  core: ZIMCore,
  roomID: string,
): Promise<ZIMRoomOnlineMemberCountQueriedResult> {
  return core.connection.call('queryRoomOnlineMemberCount', { roomID: checked<string>('roomID', roomID, checkRoomID) });
}
