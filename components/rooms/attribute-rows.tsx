'use client';

import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { newAttributeRow, type AttributeRow } from './room-config';

export interface AttributeRowsProps {
  rows: AttributeRow[];
  onChange: (rows: AttributeRow[]) => void;
  disabled?: boolean;
}

/** Key/value rows for a new room's attributes. */
export function AttributeRows({ rows, onChange, disabled }: AttributeRowsProps) {
  const update = (id: number, change: Partial<AttributeRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...change } : r)));
  return (
    <fieldset className="flex min-w-0 flex-col gap-2" disabled={disabled}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">
        Attributes <span className="font-normal text-slate-500">(optional)</span>
      </legend>
      {rows.length === 0 && (
        <p className="text-xs text-slate-500">No attributes. A room can hold up to 20 key/value pairs.</p>
      )}
      {rows.map((row, index) => (
        <div key={row.id} className="grid min-w-0 grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-center gap-2">
          <input
            aria-label={`Attribute ${index + 1} key`}
            placeholder="key"
            value={row.key}
            maxLength={64}
            onChange={(e) => update(row.id, { key: e.target.value })}
            className={`${inputClass} font-mono`}
          />
          <input
            aria-label={`Attribute ${index + 1} value`}
            placeholder="value"
            value={row.value}
            onChange={(e) => update(row.id, { value: e.target.value })}
            className={inputClass}
          />
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Remove attribute ${index + 1}`}
            onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
          >
            ✕
          </Button>
        </div>
      ))}
      <div>
        <Button variant="secondary" size="sm" onClick={() => onChange([...rows, newAttributeRow()])}>
          + Add attribute
        </Button>
      </div>
    </fieldset>
  );
}
