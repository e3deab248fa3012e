import { cn } from './cn';

export interface ErrorInfoLike {
  code?: number;
  message: string;
}

export interface ErrorAlertProps {
  error: ErrorInfoLike | null;
  /** What failed, e.g. "Could not create the room". */
  title?: string;
  className?: string;
}

/** The server's error, code and message, announced to screen readers as it appears. */
export function ErrorAlert({ error, title, className }: ErrorAlertProps) {
  if (!error) return null;
  return (
    <div
      role="alert"
      className={cn('rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900', className)}
    >
      {title && <p className="font-semibold">{title}</p>}
      <p>
        {error.code !== undefined && <span className="font-mono font-semibold">Error {error.code}</span>}
        {error.code !== undefined && ' · '}
        <span>{error.message}</span>
      </p>
    </div>
  );
}

/** Turns whatever a failed call threw into { code, message }. */
export function toErrorInfo(error: unknown): ErrorInfoLike {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code: typeof code === 'number' ? code : undefined, message: String(message) };
  }
  return { message: String(error) };
}
