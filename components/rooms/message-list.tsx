'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState, Spinner } from '@/components/ui/empty-state';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { SERVER_USER_ID, type ZIMMessage, type ZIMUserInfo } from '@/lib/protocol/client';
import { messageText } from '@/lib/store/messages';
import { useCommands, useConvene } from '@/lib/store/store-provider';
import { Avatar } from './avatar';
import { clockTime } from './format';
import { ServerNotice } from './server-notice';

const NO_MESSAGES: ZIMMessage[] = [];
const NO_MEMBERS: Record<string, ZIMUserInfo> = {};
const NO_NAMES: Record<string, string> = {};
/** Consecutive messages of one sender within this span share one header. */
const GROUP_MS = 5 * 60_000;
/** How close to the end counts as "reading the latest", in px. */
const BOTTOM_SLACK = 64;

function startsGroup(messages: ZIMMessage[], index: number): boolean {
  const message = messages[index]!;
  const previous = messages[index - 1];
  return (
    !previous || previous.senderUserID !== message.senderUserID || message.timestamp - previous.timestamp > GROUP_MS
  );
}

/**
 * The active room's messages, oldest at the top, newest at the bottom; only the rows in view are
 * rendered. Text is rendered as text: nothing a user types is interpreted as markup.
 */
export function MessageList({ roomID }: { roomID: string }) {
  const messages = useConvene((s) => s.rooms[roomID]?.messages ?? NO_MESSAGES);
  const members = useConvene((s) => s.rooms[roomID]?.members ?? NO_MEMBERS);
  const names = useConvene((s) => s.rooms[roomID]?.names ?? NO_NAMES);
  const history = useConvene((s) => s.rooms[roomID]?.history ?? 'idle');
  const hasEarlier = useConvene((s) => s.rooms[roomID]?.hasEarlier ?? false);
  const self = useConvene((s) => s.user);
  const commands = useCommands();
  const loadEarlier = useAsyncAction();
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const shown = useRef<{ first?: string; last?: string }>({});

  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (startsGroup(messages, index) ? 64 : 28),
    overscan: 10,
    getItemKey: (index) => messages[index]?.messageID ?? index,
    useFlushSync: false,
  });

  // Follow new messages while the reader is at the end (or just sent one); after loading
  // earlier messages, keep the one that was at the top in place.
  useLayoutEffect(() => {
    const first = messages[0]?.messageID;
    const last = messages[messages.length - 1];
    const before = shown.current;
    shown.current = { first, last: last?.messageID };
    if (!last) return;
    if (before.first && first !== before.first && before.last === last.messageID) {
      const keep = messages.findIndex((m) => m.messageID === before.first);
      if (keep > 0) virtualizer.scrollToIndex(keep, { align: 'start' });
      return;
    }
    if (last.messageID !== before.last && (atBottom.current || last.senderUserID === self?.userID)) {
      virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
    }
  }, [messages, self?.userID, virtualizer]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => {
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  const nameOf = (userID: string) =>
    userID === self?.userID ? 'You' : members[userID]?.userName || names[userID] || userID;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      {(hasEarlier || loadEarlier.error) && messages.length > 0 && (
        <div className="flex items-center justify-center gap-3 border-b border-slate-100 px-4 py-1.5">
          <Button
            variant="ghost"
            size="sm"
            busy={loadEarlier.busy}
            onClick={() => void loadEarlier.run(() => commands?.loadEarlierMessages(roomID) ?? Promise.resolve())}
          >
            Show earlier messages
          </Button>
          {loadEarlier.error && <span className="text-xs text-rose-700">{loadEarlier.error.message}</span>}
        </div>
      )}
      <div
        ref={scrollRef}
        role="log"
        aria-label="Messages"
        tabIndex={0}
        className="relative min-h-0 flex-1 overflow-y-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-teal-600"
      >
        {messages.length === 0 ? (
          <div className="flex h-full items-center justify-center">
            {history === 'loading' ? (
              <Spinner label="Loading earlier messages…" />
            ) : history === 'failed' ? (
              <EmptyState title="Earlier messages could not be loaded">New messages still arrive here.</EmptyState>
            ) : (
              <EmptyState title="No messages yet">Say hello — everyone in the room sees it at once.</EmptyState>
            )}
          </div>
        ) : (
          <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const message = messages[item.index]!;
              const header = startsGroup(messages, item.index);
              const name = nameOf(message.senderUserID);
              const mine = message.senderUserID === self?.userID;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="absolute top-0 left-0 w-full px-4"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {message.senderUserID === SERVER_USER_ID ? (
                    <ServerNotice message={message} />
                  ) : (
                    <article
                      aria-label={`${name} at ${clockTime(message.timestamp)}`}
                      className={header ? 'flex gap-3 pt-3' : 'flex gap-3'}
                    >
                      {header ? (
                        <Avatar
                          userID={message.senderUserID}
                          name={mine ? self?.userName || name : name}
                          className="mt-0.5"
                        />
                      ) : (
                        <span aria-hidden className="w-8 shrink-0" />
                      )}
                      <div className="min-w-0 flex-1 pb-1">
                        {header && (
                          <p className="flex items-baseline gap-2">
                            <span
                              className={
                                mine ? 'text-sm font-semibold text-teal-800' : 'text-sm font-semibold text-slate-900'
                              }
                            >
                              {name}
                            </span>
                            <time
                              dateTime={new Date(message.timestamp).toISOString()}
                              className="text-xs text-slate-500"
                            >
                              {clockTime(message.timestamp)}
                            </time>
                          </p>
                        )}
                        <p className="text-[0.9375rem] leading-relaxed break-words whitespace-pre-wrap text-slate-800">
                          {messageText(message)}
                        </p>
                      </div>
                    </article>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
