/** Room lifecycle calls, each reporting the room state events of SPEC section 3 in order. */
import {
  ZIMError,
  ZIMErrorCode,
  ZIMRoomEvent,
  ZIMRoomState,
  createRoomSchema,
  enterRoomSchema,
  joinRoomSchema,
  leaveRoomSchema,
  switchRoomSchema,
  type RoomEntered,
  type ZIMRoomAdvancedConfig,
  type ZIMRoomAllLeftResult,
  type ZIMRoomEnteredResult,
  type ZIMRoomInfo,
  type ZIMRoomLeftResult,
} from '../protocol/index.ts';
import { parseArgs, type ZIMCore } from './core.ts';

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
  const payload = parseArgs(createRoomSchema, { roomInfo, config });
  const roomID = payload.roomInfo.roomID;
  await core.connection.ready('createRoom');
  // We are in it, so it exists; asking the server would report CreateFailed for a room we hold.
  if (core.rooms.has(roomID)) throw new ZIMError(ZIMErrorCode.RoomAlreadyExists, `Room ${roomID} already exists`);
  return enter(core, roomID, ZIMRoomEvent.ActiveCreate, ZIMRoomEvent.CreateFailed, () =>
    core.connection.call('createRoom', payload),
  );
}

export async function joinRoom(core: ZIMCore, roomID: string) {
  const payload = parseArgs(joinRoomSchema, { roomID });
  await core.connection.ready('joinRoom');
  return (
    alreadyIn(core, payload.roomID) ??
    enter(core, payload.roomID, ZIMRoomEvent.ActiveEnter, ZIMRoomEvent.EnterFailed, () =>
      core.connection.call('joinRoom', payload),
    )
  );
}

export async function enterRoom(core: ZIMCore, roomInfo: ZIMRoomInfo, config?: ZIMRoomAdvancedConfig) {
  const payload = parseArgs(enterRoomSchema, { roomInfo, config });
  const roomID = payload.roomInfo.roomID;
  await core.connection.ready('enterRoom');
  return (
    alreadyIn(core, roomID) ??
    enter(core, roomID, ZIMRoomEvent.ActiveEnter, ZIMRoomEvent.EnterFailed, () => core.connection.call('enterRoom', payload))
  );
}

export async function switchRoom(
  core: ZIMCore,
  fromRoomID: string,
  toRoomInfo: ZIMRoomInfo,
  isCreateWhenRoomNotExisted: boolean,
  config?: ZIMRoomAdvancedConfig,
): Promise<ZIMRoomEnteredResult> {
  const payload = parseArgs(switchRoomSchema, { fromRoomID, toRoomInfo, isCreateWhenRoomNotExisted, config });
  const from = payload.fromRoomID;
  const to = payload.toRoomInfo.roomID;
  await core.connection.ready('switchRoom');
  if (from === to) throw new ZIMError(ZIMErrorCode.InvalidParameter, 'Invalid parameter: fromRoomID equals the target room');
  if (!core.rooms.has(from)) {
    throw new ZIMError(ZIMErrorCode.InvalidParameter, `Invalid parameter: fromRoomID ${from} is not a room of this session`);
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
    core.batches.delete(from);
    core.rooms.bundle(entry);
    return { roomInfo: entry.roomInfo };
  });
}

export async function leaveRoom(core: ZIMCore, roomID: string): Promise<ZIMRoomLeftResult> {
  const payload = parseArgs(leaveRoomSchema, { roomID });
  await core.connection.call('leaveRoom', payload);
  core.rooms.drop(payload.roomID, ZIMRoomEvent.Success);
  core.batches.delete(payload.roomID);
  return { roomID: payload.roomID };
}

export async function leaveAllRoom(core: ZIMCore): Promise<ZIMRoomAllLeftResult> {
  const data = await core.connection.call('leaveAllRoom', {});
  const roomIDs = Array.isArray(data?.roomIDs) ? data.roomIDs : [];
  for (const roomID of roomIDs) core.rooms.drop(roomID, ZIMRoomEvent.Success);
  // The server left every room of this session; anything still listed here is gone as well.
  core.rooms.dropAll(ZIMRoomEvent.Success);
  core.batches.clear();
  return { roomIDs };
}
