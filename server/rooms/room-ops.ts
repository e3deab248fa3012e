/**
 * The room calls of SPEC section 2: create, join, enter, switch, leave, leave all. Each is one
 * atomic step of the store (limits checked, state changed, event emitted); this file turns the
 * store's outcome into the answer and the ZIM error codes.
 */
import {
  ZIMErrorCode,
  zimError,
  type CreateRoomPayload,
  type JoinRoomPayload,
  type RoomAdvancedConfig,
  type RoomEntered,
  type SwitchRoomPayload,
  type ZIMRoomAllLeftResult,
  type ZIMRoomInfo,
  type ZIMRoomLeftResult,
  type ZIMMessage,
} from '../../lib/protocol/index.ts';
import type { EnterFailure, EnterRequest, EnterSuccess } from '../store/types.ts';
import { initialAttributes } from './attributes.ts';
import { callerOf, reportFacts, requireOpen, requireRoomOfSession, type Reply, type RoomDeps } from './context.ts';
import type { ExitType } from './room-events.ts';
import { seenBy } from './room-messages.ts';
import type { Session } from './sessions.ts';

function failure(reason: EnterFailure, roomID: string, deps: RoomDeps, fromRoomID?: string): Error {
  const { config } = deps;
  switch (reason) {
    case 'exists':
      return zimError(ZIMErrorCode.RoomAlreadyExists, `Room "${roomID}" already exists`);
    case 'not-exist':
      return zimError(ZIMErrorCode.RoomNotExist, `Room "${roomID}" does not exist`);
    case 'server-limit':
      return zimError(
        ZIMErrorCode.ServerRoomLimit,
        `The server already holds ${config.maxRooms} rooms, the most allowed`,
      );
    case 'user-limit':
      return zimError(
        ZIMErrorCode.UserRoomLimit,
        `You are already in ${config.maxRoomsPerUser} rooms, the most allowed (empty rooms you created count until their destroy delay ends)`,
      );
    case 'create-rate':
      return zimError(
        ZIMErrorCode.RateLimited,
        `You created ${config.roomCreationsPerMinute} rooms in the last minute, the most allowed; try again shortly`,
      );
    case 'full':
      return zimError(ZIMErrorCode.RoomFull, `Room "${roomID}" is full (${config.maxMembersPerRoom} members)`);
    case 'not-in-from':
      return zimError(ZIMErrorCode.InvalidParameter, `fromRoomID "${fromRoomID ?? ''}" is not a room of this session`);
    case 'session-gone':
      return zimError(ZIMErrorCode.NotLoggedIn, 'This session has ended; log in again');
  }
}

/** The answer of an entry: what the session sees of the room, with its last messages when read. */
export function roomEntered(result: EnterSuccess, messageList: ZIMMessage[] | undefined): RoomEntered {
  return {
    roomInfo: { baseInfo: { roomID: result.meta.roomID, roomName: result.meta.roomName } },
    memberList: result.memberList,
    roomAttributes: result.attributes,
    ...(messageList ? { messageList } : {}),
  };
}

export class RoomOps {
  /** Per session, the rooms with a create/join/enter/switch/leave under way (6000326); none at rest. */
  private readonly busyRooms = new Map<Session, Set<string>>();

  constructor(private readonly deps: RoomDeps) {}

  createRoom(session: Session, p: CreateRoomPayload, reply: Reply<RoomEntered>): Promise<void> {
    return this.entry(session, [p.roomInfo.roomID], this.request('create', p.roomInfo, p.config, session), reply);
  }

  joinRoom(session: Session, p: JoinRoomPayload, reply: Reply<RoomEntered>): Promise<void> {
    const request: EnterRequest = {
      mode: 'join',
      roomInfo: { roomID: p.roomID, roomName: '' },
      destroyDelaySeconds: 0,
      attributes: {},
    };
    return this.entry(session, [p.roomID], request, reply);
  }

  enterRoom(session: Session, p: CreateRoomPayload, reply: Reply<RoomEntered>): Promise<void> {
    return this.entry(session, [p.roomInfo.roomID], this.request('enter', p.roomInfo, p.config, session), reply);
  }

  switchRoom(session: Session, p: SwitchRoomPayload, reply: Reply<RoomEntered>): Promise<void> {
    const { fromRoomID } = p;
    const toRoomID = p.toRoomInfo.roomID;
    if (fromRoomID === toRoomID) {
      return Promise.reject(
        zimError(ZIMErrorCode.InvalidParameter, 'fromRoomID and the target room are the same room'),
      );
    }
    if (!session.rooms.has(fromRoomID)) {
      return Promise.reject(
        zimError(ZIMErrorCode.InvalidParameter, `fromRoomID "${fromRoomID}" is not a room of this session`),
      );
    }
    const request = this.request(p.isCreateWhenRoomNotExisted ? 'enter' : 'join', p.toRoomInfo, p.config, session);
    // One step enters the target and leaves the source: nobody sees the caller in both or neither.
    return this.entry(session, [fromRoomID, toRoomID], { ...request, fromRoomID }, reply);
  }

  leaveRoom(session: Session, p: JoinRoomPayload, reply: Reply<ZIMRoomLeftResult>): Promise<void> {
    return this.busy(session, [p.roomID], async () => {
      requireRoomOfSession(session, p.roomID);
      if (!(await this.leave(session, p.roomID)))
        throw zimError(ZIMErrorCode.NotInRoom, `You are not in room "${p.roomID}"`);
      reply({ roomID: p.roomID });
    });
  }

  /** Leaves every room of this session only (the user's other sessions keep theirs). */
  async leaveAllRoom(session: Session, reply: Reply<ZIMRoomAllLeftResult>): Promise<void> {
    requireOpen(session);
    const roomIDs = [...new Set([...session.rooms, ...(await this.deps.store.sessionRooms(session.sessionID))])];
    for (const roomID of roomIDs) await this.leave(session, roomID);
    reply({ roomIDs });
  }

  /** One leave step; false when the session was not in the room. */
  async leave(session: Session, roomID: string, exitType: ExitType = 'Quit'): Promise<boolean> {
    const result = await this.deps.store.leave(callerOf(session), roomID, exitType);
    session.rooms.delete(roomID);
    this.deps.feed.remove(session.sessionID, roomID);
    if (result.ok) reportFacts(this.deps.events, result.facts);
    return result.ok;
  }

  private request(
    mode: EnterRequest['mode'],
    roomInfo: ZIMRoomInfo,
    config: RoomAdvancedConfig,
    session: Session,
  ): EnterRequest {
    const maxDelay = this.deps.config.maxDestroyDelaySeconds;
    if (config.roomDestroyDelayTime > maxDelay) {
      throw zimError(
        ZIMErrorCode.InvalidParameter,
        `roomDestroyDelayTime must be at most ${maxDelay} seconds on this server`,
      );
    }
    return {
      mode,
      roomInfo,
      destroyDelaySeconds: config.roomDestroyDelayTime,
      attributes: Object.fromEntries(initialAttributes(config.roomAttributes, session.user.userID)),
    };
  }

  /** An entry step; its answer reaches the session before the room's events that follow it. */
  private entry(
    session: Session,
    busyRooms: string[],
    request: EnterRequest,
    reply: Reply<RoomEntered>,
  ): Promise<void> {
    const { store, feed, events } = this.deps;
    const { roomID } = request.roomInfo;
    return this.busy(session, busyRooms, async () => {
      await feed.beginEntry(roomID);
      let result;
      try {
        result = await store.enter(callerOf(session), request);
      } catch (error) {
        feed.endEntry(roomID);
        throw error;
      }
      if (!result.ok) {
        feed.endEntry(roomID);
        throw failure(result.failure, roomID, this.deps, request.fromRoomID);
      }
      session.rooms.add(roomID);
      if (request.fromRoomID !== undefined) {
        session.rooms.delete(request.fromRoomID);
        feed.remove(session.sessionID, request.fromRoomID);
      }
      reportFacts(events, result.facts);
      const entered = roomEntered(result, result.messages && seenBy(session, result.messages));
      feed.endEntry(roomID, { sessionID: session.sessionID, seq: result.seq, answer: () => reply(entered) });
    });
  }

  /** One call per room per session at a time (6000326). */
  private async busy(session: Session, roomIDs: string[], fn: () => Promise<void>): Promise<void> {
    const busy = this.busyRooms.get(session) ?? new Set<string>();
    if (roomIDs.some((id) => busy.has(id))) {
      throw zimError(
        ZIMErrorCode.RoomOperationInProgress,
        'An operation on this room is still in progress; wait for its result',
      );
    }
    requireOpen(session);
    this.busyRooms.set(session, busy);
    for (const id of roomIDs) busy.add(id);
    try {
      await fn();
    } finally {
      for (const id of roomIDs) busy.delete(id);
      if (busy.size === 0 && this.busyRooms.get(session) === busy) this.busyRooms.delete(session);
    }
  }
}
