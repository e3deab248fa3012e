/** Room attributes, including the client-side gathering of a batch (begin… / end…). */
import {
  ZIMError,
  ZIMErrorCode,
  checkBatchOperationCount,
  checkRoomAttributes,
  checkRoomID,
  type ZIMRoomAttributesBatchOperationConfig,
  type ZIMRoomAttributesDeleteConfig,
  type ZIMRoomAttributesOperatedResult,
  type ZIMRoomAttributesQueriedResult,
  type ZIMRoomAttributesSetConfig,
} from '../protocol/client.ts';
import { checked, invalidArgument, listArg, optionalObjectArg, type ZIMCore } from './core.ts';

export async function setRoomAttributes(
  core: ZIMCore,
  roomAttributes: Record<string, string>,
  roomID: string,
  config?: ZIMRoomAttributesSetConfig,
): Promise<ZIMRoomAttributesOperatedResult> {
  const payload = {
    roomID: checked<string>('roomID', roomID, checkRoomID),
    // A copy: a batch holds it until end…, and the caller may reuse its object meanwhile.
    roomAttributes: { ...checked<Record<string, string>>('roomAttributes', roomAttributes, checkRoomAttributes) },
    config: optionalObjectArg('config', config),
  };
  const batch = core.attributeBatches.get(payload.roomID);
  if (batch) {
    // Only the flags the caller gave: those it leaves out come from the batch's own config.
    batch.operations.push({ op: 'set', roomAttributes: payload.roomAttributes, config: config ?? {} });
    return { roomID: payload.roomID, errorKeys: [] };
  }
  return core.connection.call('setRoomAttributes', payload);
}

export async function deleteRoomAttributes(
  core: ZIMCore,
  keys: string[],
  roomID: string,
  config?: ZIMRoomAttributesDeleteConfig,
): Promise<ZIMRoomAttributesOperatedResult> {
  const payload = {
    roomID: checked<string>('roomID', roomID, checkRoomID),
    keys: listArg('keys', keys, (key, path) =>
      typeof key === 'string' ? key : invalidArgument(path, 'keys must be strings'),
    ),
    config: optionalObjectArg('config', config),
  };
  const batch = core.attributeBatches.get(payload.roomID);
  if (batch) {
    batch.operations.push({ op: 'delete', keys: payload.keys, config: config ?? {} });
    return { roomID: payload.roomID, errorKeys: [] };
  }
  return core.connection.call('deleteRoomAttributes', payload);
}

/** Synchronous, as in ZIM: starts (or restarts) gathering this room's set and delete calls. */
export function beginRoomAttributesBatchOperation(
  core: ZIMCore,
  roomID: string,
  config?: ZIMRoomAttributesBatchOperationConfig,
): void {
  core.attributeBatches.set(roomID, { config: config ?? undefined, operations: [] });
}

/** Sends the gathered calls as one change; the batch is consumed once the call can go out. */
export async function endRoomAttributesBatchOperation(
  core: ZIMCore,
  roomID: string,
): Promise<ZIMRoomAttributesOperatedResult> {
  const batch = core.attributeBatches.get(roomID);
  if (!batch) {
    throw new ZIMError(
      ZIMErrorCode.RoomAttributesError,
      `No batch operation begun for room ${roomID}: call beginRoomAttributesBatchOperation first`,
    );
  }
  const payload = {
    roomID: checked<string>('roomID', roomID, checkRoomID),
    config: optionalObjectArg('config', batch.config),
    operations: checked<typeof batch.operations>('operations', batch.operations, checkBatchOperationCount),
  };
  // Offline or not logged in: keep the batch so the app can call end… again once connected.
  await core.connection.ready('endRoomAttributesBatchOperation');
  if (core.attributeBatches.get(roomID) === batch) core.attributeBatches.delete(roomID);
  return core.connection.call('endRoomAttributesBatchOperation', payload);
}

export async function queryRoomAllAttributes(core: ZIMCore, roomID: string): Promise<ZIMRoomAttributesQueriedResult> {
  return core.connection.call('queryRoomAllAttributes', { roomID: checked<string>('roomID', roomID, checkRoomID) });
}
