import { describe, expect, it } from 'vitest';
import { ZIMConnectionState as CS } from '../../lib/zim/index.ts';
import { breakNetwork, newUser, useServer } from './helpers.ts';

describe('the server node a session is connected to (Convene addition)', () => {
  const server = useServer({ nodeID: 'node-7' });

  it('login reports the node once (serverNodeChanged, getServerNodeID); a reconnect to the same node reports nothing new', async () => {
    const alice = await newUser(server);
    expect(alice.zim.getServerNodeID()).toBe('node-7');
    expect(alice.rec.of('serverNodeChanged')).toEqual([{ nodeID: 'node-7' }]);
    breakNetwork(alice.zim);
    await expect.poll(() => alice.zim.getConnectionState()).toBe(CS.Reconnecting);
    await expect.poll(() => alice.zim.getConnectionState()).toBe(CS.Connected);
    await alice.zim.queryRoomOnlineMemberCount('none').catch(() => undefined); // after the resume
    expect(alice.rec.of('serverNodeChanged')).toEqual([{ nodeID: 'node-7' }]);
    await alice.zim.logout();
    expect(alice.zim.getServerNodeID()).toBeUndefined();
  });
});
