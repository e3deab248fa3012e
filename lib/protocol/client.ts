/**
 * The wire contract for clients (the SDK, the web app): everything of index.ts except the zod
 * schemas, so nothing imported from here pulls zod into a browser bundle. Argument rules come
 * from rules.ts, which the server's schemas apply too. The server and tests use index.ts.
 */
export * from './enums.ts';
export * from './errors.ts';
export * from './events.ts';
export type * from './ops.ts';
export * from './rules.ts';
export * from './server-api.ts';
export * from './token-claims.ts';
export * from './types.ts';
// Types only (erased when compiled): the payload shapes the schemas produce.
export type {
  AttributesBatchOperation,
  CreateRoomPayload,
  DeleteRoomAttributesPayload,
  EndRoomAttributesBatchOperationPayload,
  HandshakeAuth,
  JoinRoomPayload,
  MessageInput,
  Parsed,
  QueryHistoryMessagePayload,
  QueryRoomMemberListPayload,
  QueryRoomMembersPayload,
  QueryRoomMemberAttributesListPayload,
  QueryRoomMembersAttributesPayload,
  ResumeSessionPayload,
  RoomAdvancedConfig,
  RoomAttributesSetConfig,
  SendMessagePayload,
  SetRoomAttributesPayload,
  SetRoomMembersAttributesPayload,
  SwitchRoomPayload,
} from './schemas.ts';
