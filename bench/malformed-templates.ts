/**
 * The valid payload of each client event (CLIENT_EVENTS) and its required fields, for
 * bench/malformed.ts to break: each template is a call the server would accept, and its fields
 * (with a path and what they hold) are the places a mutation is applied, so that the mutated call
 * can never be valid. leaveAllRoom and logout have none: only a non-object payload is malformed.
 */
import type { ClientEventName } from '../lib/protocol/index.ts';

export type Kind =
  'id' | 'text' | 'token' | 'number' | 'count' | 'type' | 'convType' | 'bool' | 'object' | 'record' | 'list';
/** A required field of an event's payload: its path and what it holds. */
export interface Field {
  path: string[];
  kind: Kind;
}

/** A valid payload of each event (R: a room; N: a room that must never exist) and its required fields. */
export function template(
  event: ClientEventName,
  R: string,
  N: string,
): { payload: Record<string, unknown>; fields: Field[] } | undefined {
  const f = (kind: Kind, ...path: string[]): Field => ({ path, kind });
  const page = { count: 10, nextFlag: '' };
  switch (event) {
    case 'createRoom':
    case 'enterRoom':
      return {
        payload: { roomInfo: { roomID: N, roomName: 'n' }, config: { roomAttributes: {}, roomDestroyDelayTime: 0 } },
        fields: [f('object', 'roomInfo'), f('id', 'roomInfo', 'roomID')],
      };
    case 'joinRoom':
    case 'leaveRoom':
    case 'queryRoomOnlineMemberCount':
    case 'queryRoomAllAttributes':
      return { payload: { roomID: R }, fields: [f('id', 'roomID')] };
    case 'switchRoom':
      return {
        payload: { fromRoomID: R, toRoomInfo: { roomID: N, roomName: 'n' }, isCreateWhenRoomNotExisted: true },
        fields: [
          f('id', 'fromRoomID'),
          f('object', 'toRoomInfo'),
          f('id', 'toRoomInfo', 'roomID'),
          f('bool', 'isCreateWhenRoomNotExisted'),
        ],
      };
    case 'queryRoomMemberList':
    case 'queryRoomMemberAttributesList':
      return {
        payload: { roomID: R, config: page },
        fields: [f('id', 'roomID'), f('object', 'config'), f('count', 'config', 'count')],
      };
    case 'queryRoomMembers':
    case 'queryRoomMembersAttributes':
      return { payload: { roomID: R, userIDs: ['u1'] }, fields: [f('id', 'roomID'), f('list', 'userIDs')] };
    case 'setRoomAttributes':
      return {
        payload: { roomID: R, roomAttributes: { k: 'v' }, config: { isForce: false } },
        fields: [f('id', 'roomID'), f('record', 'roomAttributes')],
      };
    case 'deleteRoomAttributes':
      return { payload: { roomID: R, keys: ['k'] }, fields: [f('id', 'roomID'), f('list', 'keys')] };
    case 'endRoomAttributesBatchOperation':
      return {
        payload: { roomID: R, operations: [{ op: 'set', roomAttributes: { k: 'v' } }] },
        fields: [f('id', 'roomID'), f('list', 'operations')],
      };
    case 'setRoomMembersAttributes':
      return {
        payload: { roomID: R, userIDs: ['u1'], attributes: { k: 'v' } },
        fields: [f('id', 'roomID'), f('list', 'userIDs'), f('record', 'attributes')],
      };
    case 'sendMessage':
      return {
        payload: { message: { type: 1, message: 'hi' }, toConversationID: R, conversationType: 1 },
        fields: [
          f('object', 'message'),
          f('type', 'message', 'type'),
          f('text', 'message', 'message'),
          f('id', 'toConversationID'),
          f('convType', 'conversationType'),
        ],
      };
    case 'queryHistoryMessage':
      return {
        payload: { conversationID: R, conversationType: 1, config: { count: 10 } },
        fields: [
          f('id', 'conversationID'),
          f('convType', 'conversationType'),
          f('object', 'config'),
          f('count', 'config', 'count'),
        ],
      };
    case 'renewToken':
      return { payload: { token: 'x' }, fields: [f('token', 'token')] };
    case 'resumeSession':
      return { payload: { rooms: [{ roomID: R }] }, fields: [f('list', 'rooms')] };
    case 'leaveAllRoom':
    case 'logout':
      return undefined; // {} and null are valid: only a non-object payload is malformed
  }
}
