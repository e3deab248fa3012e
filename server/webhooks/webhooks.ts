/**
 * Webhooks (SPEC 12): the room core's facts (RoomEvents) as `room_create`, `room_destroy`,
 * `room_enter` and `room_exit` POSTs to CONVENE_WEBHOOK_URL, signed with the server secret.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookEvent } from '../../lib/protocol/index.ts';
import type { ServerConfig } from '../config.ts';
import type { Clock } from '../rooms/clock.ts';
import type { RoomEvents } from '../rooms/room-events.ts';
import { WebhookQueue, type WebhookSettings, type WebhookStats } from './webhook-queue.ts';

export interface Webhooks {
  stats(): WebhookStats;
  stop(): void;
}

/** Sends the room events as webhooks when CONVENE_WEBHOOK_URL is set (else undefined); `stop` ends it. */
export function attachWebhooks(events: RoomEvents, config: ServerConfig, clock: Clock): Webhooks | undefined {
  if (!config.webhookUrl) return undefined;
  const settings: WebhookSettings = {
    url: config.webhookUrl,
    secret: config.serverSecret,
    retries: config.webhookRetries,
    backoffMs: config.webhookBackoffMs,
    queueSize: config.webhookQueueSize,
    timeoutMs: config.webhookTimeoutMs,
  };
  const queue = new WebhookQueue(settings, clock);
  const send = (event: Omit<WebhookEvent, 'timestamp' | 'nonce'>) =>
    queue.enqueue(JSON.stringify({ ...event, timestamp: clock.now(), nonce: randomUUID() } satisfies WebhookEvent));
  const offs = [
    events.on('roomCreated', ({ roomID, roomName, userID }) =>
      send({ event: 'room_create', room_id: roomID, user_ids: userID ? [userID] : [], room_name: roomName }),
    ),
    events.on('roomDestroyed', ({ roomID }) => send({ event: 'room_destroy', room_id: roomID, user_ids: [] })),
    events.on('memberJoined', ({ roomID, userID }) =>
      send({ event: 'room_enter', room_id: roomID, user_ids: [userID] }),
    ),
    events.on('memberLeft', ({ roomID, userID, exitType }) =>
      send({ event: 'room_exit', room_id: roomID, user_ids: [userID], exit_type: exitType }),
    ),
  ];
  return {
    stats: () => queue.stats(),
    stop() {
      for (const off of offs) off();
      queue.stop();
    },
  };
}
