/** What the SDK's call modules share, and the argument check every call starts with. */
import type { z } from 'zod';
import { ZIMError, parsePayload, type ZIMRoomAttributesSetConfig, type AttributesBatchOperation } from '../protocol/index.ts';
import type { Connection } from './connection.ts';
import type { Emitter } from './emitter.ts';
import type { RoomRegistry } from './room-registry.ts';

/** Set and delete calls gathered between begin… and end…RoomAttributesBatchOperation. */
export interface AttributesBatch {
  config: ZIMRoomAttributesSetConfig | undefined;
  operations: AttributesBatchOperation[];
}

export interface ZIMCore {
  events: Emitter<unknown>;
  rooms: RoomRegistry;
  connection: Connection;
  batches: Map<string, AttributesBatch>;
}

/** Checks arguments with the wire's own schemas, so bad input fails 6000001 before any event. */
export function parseArgs<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = parsePayload(schema, value);
  if (!parsed.ok) throw new ZIMError(parsed.error.code, parsed.error.message);
  return parsed.data;
}
