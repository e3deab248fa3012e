import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { cn } from './cn';

export const inputClass =
  'block h-10 w-full min-w-0 rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 placeholder:text-slate-400 ' +
  'focus:border-teal-600 focus:outline-2 focus:outline-offset-0 focus:outline-teal-600/30 aria-invalid:border-rose-500 disabled:bg-slate-100';

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
}

/** A labelled input with an optional hint and error, wired up with aria-describedby. */
export function Field({ label, hint, error, className, ...input }: FieldProps) {
  const id = useId();
  const hintID = hint ? `${id}-hint` : undefined;
  const errorID = error ? `${id}-error` : undefined;
  return (
    <div className={cn('flex min-w-0 flex-col gap-1.5', className)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintID, errorID].filter(Boolean).join(' ') || undefined}
        className={inputClass}
        {...input}
      />
      {hint && (
        <p id={hintID} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorID} className="text-xs font-medium text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
