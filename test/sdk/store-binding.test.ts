/**
 * The web app's store bound to a real SDK against the real server: the binder listens with
 * `subscribe`, so an app's own `zim.on` / `zim.off` (ZIM's one-listener-per-event API) never
 * unplugs it.
 */
import { describe, expect, it } from 'vitest';
import { ZIMRoomState } from '../../lib/protocol/client.ts';
import { bindZim } from '../../lib/store/bind-zim.ts';
import { createConveneStore } from '../../lib/store/convene-store.ts';
import { newClient, uid, useServer } from './helpers.ts';

describe('the store binding beside app listeners', () => {
  const server = useServer();

  it("an app handler registered with zim.on('roomStateChanged') after the store is bound, then removed with off, leaves the store working", async () => {
    const { zim } = newClient(server);
    const store = createConveneStore();
    const unbind = bindZim(zim, store);
    try {
      const appSaw: number[] = [];
      zim.on('roomStateChanged', (_zim, data) => appSaw.push(data.state));
      zim.on('roomMemberJoined', () => undefined);
      await zim.login(uid('app'));
      const roomID = uid('room');
      await zim.createRoom({ roomID, roomName: 'both listen' });
      await expect.poll(() => store.getState().rooms[roomID]?.state).toBe(ZIMRoomState.Connected);
      expect(appSaw).toContain(ZIMRoomState.Connected);
      // The app takes its listeners away: the store still hears everything.
      zim.off('roomStateChanged');
      zim.off('roomMemberJoined');
      const other = newClient(server);
      await other.zim.login(uid('other'));
      await other.zim.joinRoom(roomID);
      await expect.poll(() => Object.keys(store.getState().rooms[roomID]?.members ?? {}).length).toBe(2);
      await zim.leaveRoom(roomID);
      await expect
        .poll(() => store.getState().rooms[roomID]?.state ?? ZIMRoomState.Disconnected)
        .toBe(ZIMRoomState.Disconnected);
    } finally {
      unbind();
    }
  });

  it('after unbinding, nothing reaches the store', async () => {
    const { zim } = newClient(server);
    const store = createConveneStore();
    bindZim(zim, store)();
    await zim.login(uid('unbound'));
    const roomID = uid('room');
    await zim.createRoom({ roomID, roomName: 'nobody listens' });
    expect(store.getState().rooms[roomID]).toBeUndefined();
  });
});
