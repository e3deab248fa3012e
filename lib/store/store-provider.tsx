'use client';

/**
 * Hands out the page's store and SDK instance. One store per page (made by the factory, never a
 * module singleton, so server rendering never shares state between requests); one ZIM instance,
 * made after mount since it belongs to the browser, bound once by bindZim. The SDK arrives by
 * `import()` (connect-sdk.ts), so it is not part of any page's first-load JavaScript.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ZIM } from '../zim/index.ts';
import type { ConveneCommands } from './commands.ts';
import { createConveneStore, type ConveneStore, type ConveneStoreApi } from './convene-store.ts';
import { savedSession } from './saved-session.ts';

interface ConveneContextValue {
  store: ConveneStoreApi;
  /** null until the page has mounted. */
  commands: ConveneCommands | null;
}

const ConveneContext = createContext<ConveneContextValue | null>(null);

export function StoreProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => createConveneStore());
  const [commands, setCommands] = useState<ConveneCommands | null>(null);
  const zimRef = useRef<ZIM | null>(null);

  useEffect(() => {
    let unbind: (() => void) | undefined;
    let active = true;
    void import('./connect-sdk.ts').then(({ connectSdk }) => {
      if (!active) return;
      // The instance outlives StrictMode's unmount/remount: it is the page's, not the effect's.
      const first = zimRef.current === null;
      const connected = connectSdk(zimRef.current, store);
      zimRef.current = connected.zim;
      unbind = connected.unbind;
      setCommands(connected.commands);
      if (!first) return;
      const user = savedSession.user();
      if (user) connected.commands.signIn(user, true).catch(() => undefined);
      else store.setState({ sessionStatus: 'signedOut' });
    });
    // A session the server ended must not be resumed by the next reload.
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.sessionStatus === 'signedOut' && previous.sessionStatus === 'signedIn')
        savedSession.saveUser(undefined);
    });
    return () => {
      active = false;
      unsubscribe();
      unbind?.();
    };
  }, [store]);

  return <ConveneContext.Provider value={{ store, commands }}>{children}</ConveneContext.Provider>;
}

function useConveneContext(): ConveneContextValue {
  const value = useContext(ConveneContext);
  if (!value) throw new Error('useConvene must be used inside <StoreProvider>');
  return value;
}

/** Reads the store through a selector; the component re-renders only when the selection changes. */
export function useConvene<T>(selector: (state: ConveneStore) => T): T {
  return useStore(useConveneContext().store, selector);
}

/** The SDK calls the screens make; null before the page has mounted. */
export function useCommands(): ConveneCommands | null {
  return useConveneContext().commands;
}
