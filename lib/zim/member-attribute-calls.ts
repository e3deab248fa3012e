/** Member attributes (SPEC 6b): plain calls, checked with the wire's shared rules first. */
import {
  checkMemberAttributes,
  checkMemberAttributesUserIDs,
  checkPageCount,
  checkRoomID,
  checkUserID,
  type ZIMRoomMemberAttributesListQueriedResult,
  type ZIMRoomMemberAttributesQueryConfig,
  type ZIMRoomMemberAttributesSetConfig,
  type ZIMRoomMembersAttributesOperatedResult,
  type ZIMRoomMembersAttributesQueriedResult,
} from '../protocol/client.ts';
import { booleanArg, checked, listArg, objectArg, optionalObjectArg, type ZIMCore } from './core.ts';

function userIDsArg(userIDs: string[]): string[] {
  const ids = listArg('userIDs', userIDs, (userID, path) => checked<string>(path, userID, checkUserID));
  return checked<string[]>('userIDs', ids, checkMemberAttributesUserIDs);
}

export async function setRoomMembersAttributes(
  core: ZIMCore,
  attributes: Record<string, string>,
  userIDs: string[],
  roomID: string,
  config?: ZIMRoomMemberAttributesSetConfig,
): Promise<ZIMRoomMembersAttributesOperatedResult> {
  const given = optionalObjectArg('config', config);
  const keep = given?.isDeleteAfterOwnerLeft;
  return core.connection.call('setRoomMembersAttributes', {
    attributes: { ...checked<Record<string, string>>('attributes', attributes, checkMemberAttributes) },
    userIDs: userIDsArg(userIDs),
    roomID: checked<string>('roomID', roomID, checkRoomID),
    // As in ZIM, attributes go when their member leaves unless the caller says otherwise.
    config: { isDeleteAfterOwnerLeft: keep === undefined ? true : booleanArg('config.isDeleteAfterOwnerLeft', keep) },
  });
}

export async function queryRoomMembersAttributes(
  core: ZIMCore,
  userIDs: string[],
  roomID: string,
): Promise<ZIMRoomMembersAttributesQueriedResult> {
  return core.connection.call('queryRoomMembersAttributes', {
    userIDs: userIDsArg(userIDs),
    roomID: checked<string>('roomID', roomID, checkRoomID),
  });
}

export async function queryRoomMemberAttributesList(
  core: ZIMCore,
  roomID: string,
  config: ZIMRoomMemberAttributesQueryConfig,
): Promise<ZIMRoomMemberAttributesListQueriedResult> {
  const id = checked<string>('roomID', roomID, checkRoomID);
  const { nextFlag, count } = objectArg('config', config);
  return core.connection.call('queryRoomMemberAttributesList', {
    roomID: id,
    config: { nextFlag: nextFlag ?? '', count: checked<number>('config.count', count, checkPageCount) },
  });
}
