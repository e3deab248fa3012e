/**
 * A small line chart of the last minutes: one value per sample, the newest at the right. Drawn
 * with SVG attributes only (no style attributes), so it works under a strict CSP.
 */
import { useId } from 'react';

export interface SparklineProps {
  /** What the chart shows, for screen readers and as the title. */
  label: string;
  /** Oldest first. */
  values: number[];
  /** Shown beside the title: the current value in words ("3.5 per second"). */
  current: string;
  hint: string;
}

const W = 300;
const H = 64;

export function Sparkline({ label, values, current, hint }: SparklineProps) {
  const titleID = useId();
  const peak = Math.max(0, ...values);
  // Scaled to the peak; a quiet chart (all zeros) stays a flat line at the bottom.
  const max = Math.max(peak, 1e-9);
  const step = values.length > 1 ? W / (values.length - 1) : W;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(H - 2 - (v / max) * (H - 6)).toFixed(1)}`);
  const line = points.join(' ');
  const area = points.length > 0 ? `0,${H} ${line} ${((values.length - 1) * step).toFixed(1)},${H}` : '';
  return (
    <figure
      className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      aria-labelledby={titleID}
    >
      <figcaption className="flex items-baseline justify-between gap-2">
        <span id={titleID} className="text-sm font-semibold text-slate-900">
          {label}
        </span>
        <span className="font-mono text-sm text-teal-800" data-testid={`${label} now`}>
          {current}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className="h-16 w-full"
        role="img"
        aria-label={`${label}, last 5 minutes, highest ${peak}`}
      >
        <line x1="0" y1={H - 1} x2={W} y2={H - 1} className="stroke-slate-200" strokeWidth="1" />
        {values.length > 1 && <polygon points={area} className="fill-teal-100" />}
        {values.length > 1 && (
          <polyline
            points={line}
            fill="none"
            className="stroke-teal-700"
            strokeWidth="2"
            vectorEffect="non-scaling-stroke"
          />
        )}
      </svg>
      <p className="flex justify-between text-xs text-slate-500">
        <span>{hint}</span>
        <span className="shrink-0">peak {peak}</span>
      </p>
    </figure>
  );
}
