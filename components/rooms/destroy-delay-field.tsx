'use client';

import { Field } from '@/components/ui/field';

export interface DestroyDelayFieldProps {
  value: string;
  onChange: (value: string) => void;
  hint: string;
  /** The server's longest delay (GET /api/limits). */
  max: number;
  name?: string;
  className?: string;
}

/** roomDestroyDelayTime, in seconds, for a room this form may create (SPEC 2). */
export function DestroyDelayField({ value, onChange, hint, max, name, className }: DestroyDelayFieldProps) {
  return (
    <Field
      label="Destroy delay (seconds)"
      name={name}
      type="number"
      inputMode="numeric"
      min={0}
      max={max}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      placeholder="0"
      hint={hint}
      className={className}
    />
  );
}
