/**
 * The embedded default: room state in this process's memory. Each step runs to its end without
 * awaiting anything, so steps never interleave (the same guarantee a Lua script gives on Redis),
 * and emits its event synchronously, in the room's sequence order.
 */
import { HISTORY_PAGE_SIZE, slimRoomMessage, ZIMRoomEvent, ZIMRoomState } from '../../lib/protocol/index.ts';
import type { ExitType } from '../rooms/room-events.ts';
import { dropOwnerKeys, plainAttributes } from '../rooms/attributes.ts';
import { addSession, entryList, newRoom, removeSession, StepEvent, type MemoryRoom } from './memory-room.ts';
import { contentDigest, dedupKey, earlierMessage } from './dedup.ts';
import { MemoryRoomSteps } from './memory-steps.ts';
import { memberAttributesAfterLeave } from './memory-member-steps.ts';
import type {
  AttributeRecord,
  Caller,
  CommitResult,
  EnterRequest,
  EnterResult,
  EnterSuccess,
  LeaveResult,
  MessageDraft,
  Push,
  RoomFact,
  RoomMeta,
  RoomStore,
  SendResult,
} from './types.ts';

/** How many localMessageIDs a room remembers for de-duplication. */
export const SENT_MEMORY = 1000;

export class MemoryRoomStore extends MemoryRoomSteps implements RoomStore {
  readonly kind = 'memory' as const;

  async enter(caller: Caller, request: EnterRequest): Promise<EnterResult> {
    const s = this.settings;
    const { roomID } = request.roomInfo;
    const userID = caller.user.userID;
    const session = this.sessions.get(caller.sessionID);
    if (!session) return { ok: false, failure: 'session-gone' };
    const from = request.fromRoomID;
    if (from !== undefined && !session.rooms.has(from)) return { ok: false, failure: 'not-in-from' };
    let room = this.rooms.get(roomID);
    if (room && request.mode === 'create') return { ok: false, failure: 'exists' };
    if (!room && request.mode === 'join') return { ok: false, failure: 'not-exist' };
    const facts: RoomFact[] = [];
    if (room && session.rooms.has(roomID)) {
      if (from !== undefined) facts.push(...this.leaveStep(caller, from, 'Quit'));
      return this.entered(room, caller, true, facts);
    }
    const userRooms = new Set(this.roomsByUser.get(userID) ?? []);
    if (!userRooms.has(roomID)) {
      const fromMember = from !== undefined ? this.rooms.get(from)?.members.get(userID) : undefined;
      if (from !== undefined && fromMember?.sessionIDs.every((id) => id === caller.sessionID)) userRooms.delete(from);
      // The empty rooms it created that wait out a delay count too; entering one of them moves it.
      const delayed = this.delayedByCreator.get(userID);
      const waiting = (delayed?.size ?? 0) - (delayed?.has(roomID) ? 1 : 0);
      if (userRooms.size + waiting >= s.maxRoomsPerUser) return { ok: false, failure: 'user-limit' };
    }
    if (room && !room.members.has(userID) && room.members.size >= s.maxMembersPerRoom)
      return { ok: false, failure: 'full' };
    if (!room) {
      if (this.rooms.size >= s.maxRooms) return { ok: false, failure: 'server-limit' };
      if (!this.mayCreate(userID)) return { ok: false, failure: 'create-rate' };
      const meta: RoomMeta = {
        roomID,
        roomName: request.roomInfo.roomName,
        createdAt: this.clock.now(),
        destroyDelaySeconds: request.destroyDelaySeconds,
      };
      room = newRoom(meta, new Map(Object.entries(request.attributes)), userID);
      this.rooms.set(roomID, room);
      facts.push({ type: 'roomCreated', roomID, roomName: meta.roomName, userID });
    }
    const event = new StepEvent(roomID, room.seq + 1);
    const firstSession = addSession(room, caller.user, caller.sessionID);
    session.rooms.add(roomID);
    this.index(userID, roomID);
    this.cancelDestroy(room);
    if (firstSession) {
      this.memberChange(room, event, { seq: event.seq, kind: 'join', user: { ...caller.user } });
      facts.push({ type: 'memberJoined', roomID, userID });
    } else if (s.singleDevicePerRoom) {
      this.removeOtherDevices(room, caller, event);
    }
    this.emit(room, event);
    if (from !== undefined) facts.push(...this.leaveStep(caller, from, 'Quit'));
    return this.entered(room, caller, false, facts);
  }

  async inRoom(caller: Caller, roomID: string, withMessages: boolean): Promise<EnterSuccess | undefined> {
    const room = this.rooms.get(roomID);
    if (!room || !this.sessions.get(caller.sessionID)?.rooms.has(roomID)) return undefined;
    return this.entered(room, caller, true, [], withMessages);
  }

  async leave(caller: Caller, roomID: string, exitType: ExitType): Promise<LeaveResult> {
    const room = this.rooms.get(roomID);
    if (!room?.members.get(caller.user.userID)?.sessionIDs.includes(caller.sessionID)) return { ok: false };
    const facts = this.leaveStep(caller, roomID, exitType);
    return { ok: true, seq: room.seq, facts };
  }

  async send(caller: Caller, roomID: string, draft: MessageDraft): Promise<SendResult> {
    const room = this.rooms.get(roomID);
    if (!room?.members.get(caller.user.userID)?.sessionIDs.includes(caller.sessionID))
      return { ok: false, failure: 'not-in-room' };
    const key = dedupKey(draft);
    const earlier = key ? room.sent.get(key) : undefined;
    if (earlier) {
      if (earlier.digest !== contentDigest(draft)) return { ok: false, failure: 'reused-id' };
      return { ok: true, message: earlierMessage(draft, earlier), duplicate: true };
    }
    const message = this.keep(room, draft);
    if (key) {
      room.sent.set(key, { messageID: message.messageID, timestamp: message.timestamp, digest: contentDigest(draft) });
      if (room.sent.size > SENT_MEMORY) room.sent.delete(room.sent.keys().next().value as string);
    }
    const event = new StepEvent(roomID, room.seq + 1);
    event.pushes.push({
      event: 'receiveRoomMessage',
      data: { messageList: [slimRoomMessage(message)], fromConversationID: roomID },
      except: [caller.sessionID],
    });
    this.emit(room, event);
    return { ok: true, message, duplicate: false };
  }

  async commitAttributes(
    caller: Caller,
    roomID: string,
    version: number,
    next: Map<string, AttributeRecord>,
    push: Push,
  ): Promise<CommitResult> {
    const room = this.rooms.get(roomID);
    if (!room?.members.get(caller.user.userID)?.sessionIDs.includes(caller.sessionID)) return 'not-in-room';
    if (room.attributesVersion !== version) return 'conflict';
    room.attributes = new Map(next);
    room.attributesVersion += 1;
    const event = new StepEvent(roomID, room.seq + 1);
    event.pushes.push(push);
    this.emit(room, event);
    return 'ok';
  }

  private entered(
    room: MemoryRoom,
    caller: Caller,
    already: boolean,
    facts: RoomFact[],
    withMessages = true,
  ): EnterSuccess {
    return {
      ok: true,
      meta: { ...room.meta },
      seq: room.seq,
      already,
      memberList: entryList(room, caller.user.userID, this.settings.initialMemberListSize),
      attributes: plainAttributes(room.attributes),
      ...(withMessages ? { messages: room.history.slice(-HISTORY_PAGE_SIZE) } : {}),
      facts,
    };
  }

  /** Takes the session out of the room: the leave, the owner's keys, an empty room's end. */
  protected leaveStep(caller: Caller, roomID: string, exitType: ExitType): RoomFact[] {
    const room = this.rooms.get(roomID);
    if (!room) return [];
    const { userID } = caller.user;
    const facts: RoomFact[] = [];
    const event = new StepEvent(roomID, room.seq + 1);
    event.left.push(caller.sessionID);
    const last = removeSession(room, userID, caller.sessionID);
    this.sessions.get(caller.sessionID)?.rooms.delete(roomID);
    if (last) {
      this.unindex(userID, roomID);
      this.memberChange(room, event, { seq: event.seq, kind: 'leave', user: { ...caller.user } });
      facts.push({ type: 'memberLeft', roomID, userID, exitType });
      const deleted = dropOwnerKeys(room.attributes, userID);
      if (Object.keys(deleted).length > 0) {
        room.attributesVersion += 1;
        event.pushes.push({
          event: 'roomAttributesUpdated',
          data: { roomID, infos: [{ action: 1, roomAttributes: deleted }] },
        });
      }
      const memberUpdate = memberAttributesAfterLeave(room, userID);
      if (memberUpdate) event.pushes.push(memberUpdate);
    }
    if (room.members.size === 0) facts.push(...this.emptied(room, event));
    this.emit(room, event);
    return facts;
  }

  private removeOtherDevices(room: MemoryRoom, caller: Caller, event: StepEvent): void {
    const member = room.members.get(caller.user.userID);
    for (const otherID of member?.sessionIDs ?? []) {
      if (otherID === caller.sessionID) continue;
      removeSession(room, caller.user.userID, otherID);
      this.sessions.get(otherID)?.rooms.delete(room.meta.roomID);
      event.left.push(otherID);
      event.pushes.push({
        event: 'roomStateChanged',
        to: otherID,
        data: {
          roomID: room.meta.roomID,
          state: ZIMRoomState.Disconnected,
          event: ZIMRoomEvent.KickedOutByOtherDevice,
          extendedData: '',
        },
      });
    }
  }
}
