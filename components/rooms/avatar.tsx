import { cn } from '@/components/ui/cn';

const palette = [
  'bg-teal-100 text-teal-800',
  'bg-sky-100 text-sky-800',
  'bg-violet-100 text-violet-800',
  'bg-amber-100 text-amber-900',
  'bg-rose-100 text-rose-800',
  'bg-emerald-100 text-emerald-800',
  'bg-indigo-100 text-indigo-800',
  'bg-orange-100 text-orange-900',
];

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return Math.abs(h);
}

export function initials(name: string): string {
  // Words that start with a letter or digit: "Liam Walsh (sim)" is LW, not L(.
  const all = name.trim().split(/\s+/).filter(Boolean);
  const named = all.filter((w) => /^[\p{L}\p{N}]/u.test(w));
  const words = named.length > 0 ? named : all;
  if (words.length === 0) return '?';
  const letters =
    words.length === 1 ? [...words[0]!].slice(0, 2) : [[...words[0]!][0], [...words[words.length - 1]!][0]];
  return letters.join('').toUpperCase();
}

/** Initials on a colour picked from the userID, so a person keeps one colour everywhere. */
export function Avatar({ userID, name, className }: { userID: string; name: string; className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        'inline-flex size-8 shrink-0 items-center justify-center rounded-full text-xs font-semibold select-none',
        palette[hash(userID) % palette.length],
        className,
      )}
    >
      {initials(name || userID)}
    </span>
  );
}
