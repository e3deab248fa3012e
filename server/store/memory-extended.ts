/**
 * The memory store with the member attribute and server API steps (extensions.ts). Each step,
 * like the room calls, runs to its end without awaiting and emits its event in room order.
 */
import {
  ZIMRoomEvent,
  ZIMRoomState,
  slimRoomMessage,
  type ZIMMessage,
  type ZIMRoomInfo,
} from '../../lib/protocol/index.ts';
import type {
  MemberAttributeSteps,
  MemberAttributesEntry,
  MemberAttributesSet,
  MemberAttributesSetResult,
  ServerStepFailure,
  ServerSteps,
} from './extensions.ts';
import { MemoryRoomStore } from './memory.ts';
import { memberAttributes, setMemberAttributes } from './memory-member-steps.ts';
import { newRoom, StepEvent } from './memory-room.ts';
import type { AttributeRecord, Caller, MessageDraft, Push, RoomFact, RoomMeta } from './types.ts';

type NotExist = { ok: false; failure: ServerStepFailure };
const NOT_EXIST: NotExist = { ok: false, failure: 'not-exist' };

export class ExtendedMemoryRoomStore extends MemoryRoomStore implements MemberAttributeSteps, ServerSteps {
  async setMemberAttributes(
    caller: Caller,
    roomID: string,
    request: MemberAttributesSet,
  ): Promise<MemberAttributesSetResult> {
    const room = this.rooms.get(roomID);
    if (!room?.members.get(caller.user.userID)?.sessionIDs.includes(caller.sessionID))
      return { ok: false, failure: 'not-in-room' };
    const { result, push } = setMemberAttributes(room, caller.user.userID, request);
    if (push) this.emitPushes(roomID, [push]);
    return result;
  }

  async memberAttributes(roomID: string, userIDs: readonly string[]) {
    return memberAttributes(this.rooms.get(roomID), userIDs);
  }

  async listMemberAttributes(
    roomID: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ entries: MemberAttributesEntry[]; more: boolean }> {
    return this.rooms.get(roomID)?.memberAttributes.list(afterSeq, limit) ?? { entries: [], more: false };
  }

  async listRooms(afterRoomID: string, limit: number): Promise<{ rooms: RoomMeta[]; more: boolean }> {
    const ids = [...this.rooms.keys()].filter((id) => id > afterRoomID).sort();
    const rooms = ids.slice(0, limit).flatMap((id) => {
      const meta = this.rooms.get(id)?.meta;
      return meta ? [{ ...meta }] : [];
    });
    return { rooms, more: ids.length > limit };
  }

  async createEmptyRoom(roomInfo: ZIMRoomInfo, destroyDelaySeconds: number, attributes: Map<string, AttributeRecord>) {
    if (this.rooms.has(roomInfo.roomID)) return { ok: false as const, failure: 'exists' as const };
    if (this.rooms.size >= this.settings.maxRooms) return { ok: false as const, failure: 'server-limit' as const };
    const meta: RoomMeta = {
      roomID: roomInfo.roomID,
      roomName: roomInfo.roomName,
      createdAt: this.clock.now(),
      destroyDelaySeconds,
    };
    const room = newRoom(meta, new Map(attributes), undefined);
    this.rooms.set(meta.roomID, room);
    // Empty from the start: it waits out its delay (the caller asks for one of at least a second).
    const facts: RoomFact[] = [
      { type: 'roomCreated', roomID: meta.roomID, roomName: meta.roomName, userID: undefined },
    ];
    facts.push(...this.emptied(room, new StepEvent(meta.roomID, room.seq + 1)));
    return { ok: true as const, facts };
  }

  async kickMembers(roomID: string, userIDs: readonly string[], extendedData: string) {
    const room = this.rooms.get(roomID);
    if (!room) return NOT_EXIST;
    const kicked: string[] = [];
    const errorUserList: string[] = [];
    const facts: RoomFact[] = [];
    for (const userID of new Set(userIDs)) {
      const member = room.members.get(userID);
      if (!member) {
        errorUserList.push(userID);
        continue;
      }
      // Told first, while it still receives the room; then its sessions leave, the last as a Kickout.
      const state = { roomID, state: ZIMRoomState.Disconnected, event: ZIMRoomEvent.KickedOut, extendedData };
      this.emitPushes(
        roomID,
        member.sessionIDs.map((to): Push => ({ event: 'roomStateChanged', to, data: state })),
      );
      for (const sessionID of [...member.sessionIDs])
        facts.push(...this.leaveStep({ sessionID, user: member.user }, roomID, 'Kickout'));
      kicked.push(userID);
    }
    return { ok: true as const, kicked, errorUserList, facts };
  }

  async destroyRoomNow(roomID: string) {
    const room = this.rooms.get(roomID);
    if (!room) return NOT_EXIST;
    const event = new StepEvent(roomID, room.seq + 1);
    const facts: RoomFact[] = [];
    const state = { roomID, state: ZIMRoomState.Disconnected, event: ZIMRoomEvent.RoomNotExist, extendedData: '' };
    for (const member of room.members.values()) {
      for (const to of member.sessionIDs) event.pushes.push({ event: 'roomStateChanged', to, data: state });
      facts.push({ type: 'memberLeft', roomID, userID: member.user.userID, exitType: 'Kickout' });
    }
    facts.push(...this.destroy(room, event));
    this.emit(room, event);
    return { ok: true as const, facts };
  }

  async sendFromServer(roomID: string, draft: MessageDraft): Promise<{ ok: true; message: ZIMMessage } | NotExist> {
    const room = this.rooms.get(roomID);
    if (!room) return NOT_EXIST;
    const message = this.keep(room, draft);
    this.emitPushes(roomID, [
      { event: 'receiveRoomMessage', data: { messageList: [slimRoomMessage(message)], fromConversationID: roomID } },
    ]);
    return { ok: true, message };
  }

  async commitServerAttributes(roomID: string, version: number, next: Map<string, AttributeRecord>, push: Push) {
    const room = this.rooms.get(roomID);
    if (!room) return 'not-exist' as const;
    if (room.attributesVersion !== version) return 'conflict' as const;
    room.attributes = new Map(next);
    room.attributesVersion += 1;
    this.emitPushes(roomID, [push]);
    return 'ok' as const;
  }

  /** One event of the room carrying `pushes`. */
  private emitPushes(roomID: string, pushes: Push[]): void {
    const room = this.rooms.get(roomID);
    if (!room || pushes.length === 0) return;
    const event = new StepEvent(roomID, room.seq + 1);
    event.pushes.push(...pushes);
    this.emit(room, event);
  }
}
