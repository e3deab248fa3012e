'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { useCommands, useConvene } from '@/lib/store/store-provider';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { BrandMark } from './brand';
import { ConnectionIndicator } from './connection-indicator';
import { NodeBadge } from './node-badge';

function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const current = usePathname() === href;
  return (
    <Link
      prefetch={false}
      href={href}
      aria-current={current ? 'page' : undefined}
      className={cn(
        'rounded-md px-2.5 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-teal-600',
        current ? 'bg-slate-100 text-slate-900' : 'text-slate-600 hover:text-slate-900',
      )}
    >
      {children}
    </Link>
  );
}

export function AppHeader() {
  const user = useConvene((s) => s.user);
  const roomCount = useConvene((s) => s.roomOrder.length);
  const commands = useCommands();
  const router = useRouter();
  const signOut = useAsyncAction();

  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-[120rem] items-center gap-2 px-3 sm:gap-3 sm:px-4">
        <Link
          href="/lobby"
          prefetch={false}
          className="flex items-center gap-2 rounded-md focus-visible:outline-2 focus-visible:outline-teal-600"
        >
          <BrandMark className="size-7" />
          <span className="hidden text-base font-semibold tracking-tight sm:inline">Convene</span>
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1">
          <NavLink href="/lobby">Lobby</NavLink>
          <NavLink href="/rooms">
            Rooms
            <span aria-hidden className="ml-1 rounded-full bg-slate-200 px-1.5 text-xs text-slate-700">
              {roomCount}
            </span>
            <span className="sr-only">, {roomCount === 1 ? '1 room' : `${roomCount} rooms`}</span>
          </NavLink>
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3">
          <ConnectionIndicator />
          <NodeBadge />
          {user && (
            <p className="hidden min-w-0 text-right leading-tight md:block">
              <span className="block truncate text-sm font-medium text-slate-900">{user.userName || user.userID}</span>
              <span className="block truncate text-xs text-slate-500">{user.userID}</span>
            </p>
          )}
          <Button
            variant="secondary"
            size="sm"
            busy={signOut.busy}
            disabled={!commands || !user}
            onClick={() =>
              void signOut.run(async () => {
                await commands?.signOut();
                router.replace('/');
              })
            }
          >
            Sign out
          </Button>
        </div>
      </div>
    </header>
  );
}
