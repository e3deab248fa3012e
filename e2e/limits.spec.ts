/** The forms check the server's own limits (GET /api/limits), not the protocol's, before sending. */
import { LIMITED_MAX_DESTROY_DELAY_S, LIMITED_URL } from './support/limited-server.ts';
import { expect, test, unique } from './support/fixtures.ts';

test.use({ baseURL: LIMITED_URL });

test(`on a server with CONVENE_MAX_DESTROY_DELAY_S=${LIMITED_MAX_DESTROY_DELAY_S}, the create form refuses 601 before sending anything`, async ({
  users,
}) => {
  const alice = await users.create('Alice', { signIn: false });
  const sent: string[] = [];
  alice.page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => void sent.push(String(payload))));
  await alice.signIn();
  await alice.openLobby();
  const form = alice.lobbyForm('Create a room');
  await expect(form.getByText(`(0–${LIMITED_MAX_DESTROY_DELAY_S})`)).toBeVisible();
  const room = unique('too-long');
  await alice.submitCreateRoom(room, { destroyDelay: LIMITED_MAX_DESTROY_DELAY_S + 1 });
  const alert = form.getByRole('alert');
  await expect(alert).toContainText(`from 0 to ${LIMITED_MAX_DESTROY_DELAY_S}`);
  expect(sent.filter((frame) => frame.includes('createRoom'))).toEqual([]);
  // The server's own limit is the one allowed: 600 creates the room.
  await alice.createRoom(unique('just-right'), { destroyDelay: LIMITED_MAX_DESTROY_DELAY_S });
  expect(sent.filter((frame) => frame.includes('createRoom'))).toHaveLength(1);
});
