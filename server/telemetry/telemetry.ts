/**
 * One server's telemetry: its logger, its metrics, the observer the gateway reports to, the room
 * tally and the operations page's sampler, wired to `io` and the RoomEvents hook.
 */
import type { RoomEvents } from '../rooms/room-events.ts';
import type { RoomService } from '../rooms/room-service.ts';
import type { ConveneIO } from '../socket-outbox.ts';
import type { RoomStore } from '../store/types.ts';
import type { Logger } from './logger.ts';
import { ConveneMetrics, type GaugeSources } from './metrics.ts';
import { Observer } from './observer.ts';
import { OpsSampler } from './ops-sampler.ts';
import { memberships, RoomTally } from './room-tally.ts';

export interface TelemetryDeps {
  io: ConveneIO;
  service: RoomService;
  store: RoomStore;
  events: RoomEvents;
  nodeID: string;
  log: Logger;
  sampleMs: number;
  isDraining: () => boolean;
}

interface EngineClient {
  writeBuffer?: unknown[];
  transport?: { socket?: { bufferedAmount?: number } };
}

/** Unsent output of every connection: the ws socket's queue (packets not yet framed are few). */
function outboundBytes(io: ConveneIO): number {
  let total = 0;
  const { clients } = io.engine as unknown as { clients: Record<string, EngineClient> };
  for (const client of Object.values(clients)) {
    total += client.transport?.socket?.bufferedAmount ?? 0;
  }
  return total;
}

export class Telemetry {
  readonly log: Logger;
  readonly metrics: ConveneMetrics;
  readonly observer: Observer;
  readonly tally: RoomTally;
  readonly sampler: OpsSampler;

  constructor(deps: TelemetryDeps) {
    const now = () => Date.now();
    this.log = deps.log;
    this.tally = new RoomTally(deps.events, deps.store, now);
    const sources: GaugeSources = {
      connections: () => deps.io.of('/').sockets.size,
      sessions: () => deps.service.sessions.size,
      rooms: () => deps.store.countRooms(),
      roomMembers: () => memberships(deps.service.sessions.values()),
      outboundBufferBytes: () => outboundBytes(deps.io),
    };
    this.metrics = new ConveneMetrics(deps.nodeID, sources);
    this.observer = new Observer(deps.log, this.metrics, now);
    this.observer.watchRooms(deps.events);
    this.sampler = new OpsSampler({
      nodeID: deps.nodeID,
      sampleMs: deps.sampleMs,
      sources,
      metrics: this.metrics,
      observer: this.observer,
      tally: this.tally,
      isDraining: deps.isDraining,
      now,
    });
    this.sampler.start();
  }

  stop(): void {
    this.sampler.stop();
  }
}
