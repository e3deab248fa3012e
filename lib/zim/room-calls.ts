/** Room lifecycle calls, each reporting the room state events of SPEC section 3 in order. */
import {
  ZIMError,
  ZIMErrorCode,
  ZIMRoomEvent,
  ZIMRoomState,
  checkRoomAttributes,
  checkRoomDestroyDelayTime,
  checkRoomID,
  checkRoomName,
  type RoomEntered,
  type ZIMRoomAdvancedConfig,
  type ZIMRoomAllLeftResult,
  type ZIMRoomEnteredResult,
  type ZIMRoomInfo,
  type ZIMRoomLeftResult,
} from '../protocol/client.ts';
import { booleanArg, checked, objectArg, optionalObjectArg, type ZIMCore } from './core.ts';

/** The room to create or enter; a missing roomName is ''. */
function roomInfoArg(path: string, value: ZIMRoomInfo): ZIMRoomInfo {
  const info = objectArg(path, value);
  return {
    roomID: checked(`${path}.roomID`, info.roomID, checkRoomID),
    roomName: info.roomName === undefined ? '' : checked(`${path}.roomName`, info.roomName, checkRoomName),
  };
}

/** The advanced config, checked in full (a bad one must fail before the room's first event); what it leaves out the server fills in. */
function roomConfigArg(value: ZIMRoomAdvancedConfig | null | undefined): ZIMRoomAdvancedConfig | undefined {
  const config = optionalObjectArg('config', value);
  if (!config) return undefined;
  const wire: ZIMRoomAdvancedConfig = {};
  if (config.roomAttributes !== undefined) {
    wire.roomAttributes = {
      ...checked<Record<string, string>>('config.roomAttributes', config.roomAttributes, checkRoomAttributes),
    };
  }
  if (config.roomDestroyDelayTime !== undefined) {
    wire.roomDestroyDelayTime = checked(
      'config.roomDestroyDelayTime',
      config.roomDestroyDelayTime,
      checkRoomDestroyDelayTime,
    );
  }
  return wire;
}

/** (Connecting, start) → wire → (Connected, Success) + the entered bundle, or (Disconnected, fail). */
async function enter(
  core: ZIMCore,
  roomID: string,
  start: ZIMRoomEvent,
  fail: ZIMRoomEvent,
  send: () => Promise<RoomEntered>,
): Promise<ZIMRoomEnteredResult> {
  return core.rooms.whileBusy([roomID], async () => {
    core.rooms.state(roomID, ZIMRoomState.Connecting, start);
    let entry: RoomEntered;
    try {
      entry = await send();
    } catch (err) {
      core.rooms.state(roomID, ZIMRoomState.Disconnected, fail);
      throw err;
    }
    core.rooms.entered(entry);
    return { roomInfo: entry.roomInfo };
  });
}

/** Entering a room this session is already in succeeds at once, with no events (idempotent). */
function alreadyIn(core: ZIMCore, roomID: string): ZIMRoomEnteredResult | undefined {
  const roomInfo = core.rooms.get(roomID);
  return roomInfo ? { roomInfo } : undefined;
}

export async function createRoom(core: ZIMCore, roomInfo: ZIMRoomInfo, config?: ZIMRoomAdvancedConfig) {
  const payload = { roomInfo: roomInfoArg('roomInfo', roomInfo), config: roomConfigArg(config) };
  const roomID = payload.roomInfo.roomID;
  await core.connection.ready('createRoom');
  // We are in it, so it exists; asking the server would report CreateFailed for a room we hold.
  if (core.rooms.has(roomID)) throw new ZIMError(ZIMErrorCode.RoomAlreadyExists, `Room ${roomID} already exists`);
  return enter(core, roomID, ZIMRoomEvent.ActiveCreate, ZIMRoomEvent.CreateFailed, () =>
    core.connection.call('createRoom', payload),
  );
}

export async function joinRoom(core: ZIMCore, roomID: string) {
  const payload = { roomID: checked<string>('roomID', roomID, checkRoomID) };
  await core.connection.ready('joinRoom');
  return (
    alreadyIn(core, payload.roomID) ??
    enter(core, payload.roomID, ZIMRoomEvent.ActiveEnter, ZIMRoomEvent.EnterFailed, () =>
      core.connection.call('joinRoom', payload),
    )
  );
}

export async function enterRoom(core: ZIMCore, roomInfo: ZIMRoomInfo, config?: ZIMRoomAdvancedConfig) {
  const payload = { roomInfo: roomInfoArg('roomInfo', roomInfo), config: roomConfigArg(config) };
  const roomID = payload.roomInfo.roomID;
  await core.connection.ready('enterRoom');
  return (
    alreadyIn(core, roomID) ??
    enter(core, roomID, ZIMRoomEvent.ActiveEnter, ZIMRoomEvent.EnterFailed, () =>
      core.connection.call('enterRoom', payload),
    )
  );
}

export async function switchRoom(
  core: ZIMCore,
  fromRoomID: string,
  toRoomInfo: ZIMRoomInfo,
  isCreateWhenRoomNotExisted: boolean,
  config?: ZIMRoomAdvancedConfig,
): Promise<ZIMRoomEnteredResult> {
  const payload = {
    fromRoomID: checked<string>('fromRoomID', fromRoomID, checkRoomID),
    toRoomInfo: roomInfoArg('toRoomInfo', toRoomInfo),
    isCreateWhenRoomNotExisted: booleanArg('isCreateWhenRoomNotExisted', isCreateWhenRoomNotExisted),
    config: roomConfigArg(config),
  };
  const from = payload.fromRoomID;
  const to = payload.toRoomInfo.roomID;
  await core.connection.ready('switchRoom');
  if (from === to)
    throw new ZIMError(ZIMErrorCode.InvalidParameter, 'Invalid parameter: fromRoomID equals the target room');
  if (!core.rooms.has(from)) {
    throw new ZIMError(
      ZIMErrorCode.InvalidParameter,
      `Invalid parameter: fromRoomID ${from} is not a room of this session`,
    );
  }
  return core.rooms.whileBusy([from, to], async () => {
    core.rooms.state(to, ZIMRoomState.Connecting, ZIMRoomEvent.ActiveSwitch);
    let entry: RoomEntered;
    try {
      entry = await core.connection.call('switchRoom', payload);
    } catch (err) {
      // The source room is untouched: the server moves the caller atomically or not at all.
      core.rooms.state(to, ZIMRoomState.Disconnected, ZIMRoomEvent.SwitchFailed);
      throw err;
    }
    core.rooms.add(entry.roomInfo);
    core.rooms.state(entry.roomInfo.baseInfo.roomID, ZIMRoomState.Connected, ZIMRoomEvent.Success);
    core.rooms.drop(from, ZIMRoomEvent.Success);
    core.attributeBatches.delete(from);
    core.rooms.bundle(entry, 'entered');
    return { roomInfo: entry.roomInfo };
  });
}

export async function leaveRoom(core: ZIMCore, roomID: string): Promise<ZIMRoomLeftResult> {
  const payload = { roomID: checked<string>('roomID', roomID, checkRoomID) };
  await core.connection.call('leaveRoom', payload);
  core.rooms.drop(payload.roomID, ZIMRoomEvent.Success);
  core.attributeBatches.delete(payload.roomID);
  return { roomID: payload.roomID };
}

export async function leaveAllRoom(core: ZIMCore): Promise<ZIMRoomAllLeftResult> {
  const data = await core.connection.call('leaveAllRoom', {});
  const roomIDs = Array.isArray(data?.roomIDs) ? data.roomIDs : [];
  for (const roomID of roomIDs) core.rooms.drop(roomID, ZIMRoomEvent.Success);
  // The server left every room of this session; anything still listed here is gone as well.
  core.rooms.dropAll(ZIMRoomEvent.Success);
  core.attributeBatches.clear();
  return { roomIDs };
}
