/**
 * Every client event's schema, by name, and the compile-time link between them and the wire
 * types written by hand in events.ts: a payload the SDK may send (its type in
 * ClientToServerEvents) must be one its schema accepts, and what the schema hands the server must
 * be such a payload. An event whose two descriptions drift apart fails the typecheck, named.
 */
import type { z } from 'zod';
import type { ClientEventName, ClientToServerEvents } from './events.ts';
import {
  createRoomSchema,
  deleteRoomAttributesSchema,
  emptySchema,
  endRoomAttributesBatchOperationSchema,
  enterRoomSchema,
  joinRoomSchema,
  leaveRoomSchema,
  queryHistoryMessageSchema,
  queryRoomMemberAttributesListSchema,
  queryRoomMemberListSchema,
  queryRoomMembersAttributesSchema,
  queryRoomMembersSchema,
  renewTokenSchema,
  resumeSessionSchema,
  roomIDOnlySchema,
  sendMessageSchema,
  setRoomAttributesSchema,
  setRoomMembersAttributesSchema,
  switchRoomSchema,
} from './schemas.ts';

export const CLIENT_SCHEMAS = {
  createRoom: createRoomSchema,
  joinRoom: joinRoomSchema,
  enterRoom: enterRoomSchema,
  switchRoom: switchRoomSchema,
  leaveRoom: leaveRoomSchema,
  leaveAllRoom: emptySchema,
  queryRoomMemberList: queryRoomMemberListSchema,
  queryRoomMembers: queryRoomMembersSchema,
  queryRoomOnlineMemberCount: roomIDOnlySchema,
  setRoomAttributes: setRoomAttributesSchema,
  deleteRoomAttributes: deleteRoomAttributesSchema,
  endRoomAttributesBatchOperation: endRoomAttributesBatchOperationSchema,
  queryRoomAllAttributes: roomIDOnlySchema,
  setRoomMembersAttributes: setRoomMembersAttributesSchema,
  queryRoomMembersAttributes: queryRoomMembersAttributesSchema,
  queryRoomMemberAttributesList: queryRoomMemberAttributesListSchema,
  sendMessage: sendMessageSchema,
  queryHistoryMessage: queryHistoryMessageSchema,
  renewToken: renewTokenSchema,
  resumeSession: resumeSessionSchema,
  logout: emptySchema,
} as const satisfies Record<ClientEventName, z.ZodType>;

type Sent<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];
/** `true` when the event's wire type and its schema agree both ways, else what is wrong, named. */
type Agrees<E extends ClientEventName, S extends z.ZodType> = [Sent<E>] extends [z.input<S>]
  ? [z.output<S>] extends [Sent<E>]
    ? true
    : `${E}: the schema's output is not the wire payload`
  : `${E}: the wire payload is not what the schema accepts`;
/** The events of a schema table that drift from their wire types (never when none does). */
export type DriftedEvents<T extends Record<ClientEventName, z.ZodType>> = Exclude<
  { [E in ClientEventName]: Agrees<E, T[E]> }[ClientEventName],
  true
>;
type Drifted = DriftedEvents<typeof CLIENT_SCHEMAS>;

/** Fails to compile, naming the events, when a wire type and its schema drift apart. */
export const WIRE_AND_SCHEMAS_AGREE: [Drifted] extends [never] ? true : Drifted = true;
