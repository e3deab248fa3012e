/**
 * Everything the page needs to talk to the server, in one module the provider loads with
 * `import()` after the first paint: the SDK (and socket.io-client under it), the binder and the
 * commands. The signed-out screen and the "Restoring your session…" spinner never wait for it.
 */
import { ZIM } from '../zim/index.ts';
import { bindZim } from './bind-zim.ts';
import { createCommands, type ConveneCommands } from './commands.ts';
import type { ConveneStoreApi } from './convene-store.ts';

export interface ConnectedSdk {
  commands: ConveneCommands;
  /** Removes the binder's listeners; the ZIM instance stays (it is the page's). */
  unbind: () => void;
}

/** Binds the page's one ZIM instance (made on first call) to the store. */
export function connectSdk(zim: ZIM | null, store: ConveneStoreApi): ConnectedSdk & { zim: ZIM } {
  const instance = zim ?? ZIM.create();
  return { zim: instance, unbind: bindZim(instance, store), commands: createCommands(instance, store) };
}
