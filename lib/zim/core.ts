/**
 * What the SDK's call modules share, and the argument checks every call starts with. The checks
 * apply the wire's shared rules (lib/protocol/rules.ts, no zod): IDs, names and the values that
 * decide whether a room call may start are checked here, so bad input fails 6000001 before any
 * event; anything else the server validates in full and answers 6000001 the same way.
 */
import {
  ZIMError,
  ZIMErrorCode,
  invalidParameterMessage,
  type AttributesBatchOperation,
  type Rule,
  type ZIMRoomAttributesSetConfig,
} from '../protocol/client.ts';
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
  attributeBatches: Map<string, AttributesBatch>;
}

/** Fails a call with 6000001; `path` names the argument, as the server's messages do ('' for a lone one). */
export function invalidArgument(path: string, message: string): never {
  throw new ZIMError(ZIMErrorCode.InvalidParameter, invalidParameterMessage(path, message));
}

/** Checks one argument against a shared rule; returns it, now known to be a T. */
export function checked<T>(path: string, value: unknown, rule: Rule): T {
  const message = rule(value);
  if (message !== undefined) invalidArgument(path, message);
  return value as T;
}

/** An argument that must be an object (not null, not an array). */
export function objectArg<T extends object>(path: string, value: T | null | undefined): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalidArgument(path, `${path} must be an object`);
  return value;
}

/** An optional object argument: null and undefined mean "not given". */
export function optionalObjectArg<T extends object>(path: string, value: T | null | undefined): T | undefined {
  return value === null || value === undefined ? undefined : objectArg(path, value);
}

export function booleanArg(path: string, value: unknown): boolean {
  if (typeof value !== 'boolean') invalidArgument(path, `${path} must be a boolean`);
  return value;
}

/** A list argument, copied so later changes by the caller do not reach a call still pending. */
export function listArg<T>(path: string, value: readonly T[], each?: (item: unknown, itemPath: string) => T): T[] {
  if (!Array.isArray(value)) invalidArgument(path, `${path} must be an array`);
  // Array.isArray leaves `value` typed any[]; its elements are still the caller's T.
  return (value as readonly T[]).map((item, i) => (each ? each(item, `${path}.${i}`) : item));
}
