export function BrandMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden className={className}>
      <rect width="32" height="32" rx="8" fill="#0f766e" />
      <circle cx="11" cy="13" r="4" fill="#fff" />
      <circle cx="21" cy="13" r="4" fill="#99f6e4" />
      <rect x="6" y="20" width="20" height="5" rx="2.5" fill="#fff" />
    </svg>
  );
}
