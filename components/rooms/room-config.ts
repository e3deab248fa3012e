import type { ZIMRoomAdvancedConfig } from '@/lib/protocol/client';

export interface AttributeRow {
  id: number;
  key: string;
  value: string;
}

let nextRowID = 1;
export const newAttributeRow = (): AttributeRow => ({ id: nextRowID++, key: '', value: '' });

export class FormInputError extends Error {}

/**
 * The advanced config from the form: rows with an empty key are skipped; limits (20 keys, key
 * and value lengths) are the server's to check, so its error and code reach the user.
 */
export function toRoomConfig(
  rows: readonly AttributeRow[],
  destroyDelay: string,
  maxDestroyDelaySeconds: number,
): ZIMRoomAdvancedConfig {
  const roomAttributes: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key) continue;
    if (key in roomAttributes) throw new FormInputError(`The attribute "${key}" is listed twice`);
    roomAttributes[key] = row.value;
  }
  const delayText = destroyDelay.trim();
  const roomDestroyDelayTime = delayText === '' ? 0 : Number(delayText);
  const max = maxDestroyDelaySeconds; // the server's, from /api/limits
  if (!Number.isInteger(roomDestroyDelayTime) || roomDestroyDelayTime < 0 || roomDestroyDelayTime > max) {
    throw new FormInputError(`The destroy delay must be a whole number of seconds from 0 to ${max}`);
  }
  return { roomAttributes, roomDestroyDelayTime };
}
