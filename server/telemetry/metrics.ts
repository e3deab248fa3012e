/**
 * The server's Prometheus metrics (prom-client). Each server has its own registry (tests run many
 * servers in one process); the default Node metrics (event-loop lag, heap, GC) are the process's
 * and are collected once, then merged into every server's registry. Every series carries the
 * `node` label, so many nodes scraped into one Prometheus stay apart.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the gauges read at each scrape. */
export interface GaugeSources {
  connections: () => number;
  sessions: () => number;
  /** From the store, so with a shared store it is the cluster's count. */
  rooms: () => Promise<number>;
  roomMembers: () => number;
  outboundBufferBytes: () => number;
}

let processRegistry: Registry | undefined;

/** Node's own metrics, collected once per process however many servers it runs. */
function defaultMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Calls take from well under a millisecond (a query) to a few hundred (a switch under load). */
const CALL_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class ConveneMetrics {
  /** The registry /metrics serves: this server's metrics and the process's. */
  readonly registry: Registry;
  readonly messages: Counter;
  readonly deliveries: Counter;
  readonly memberEvents: Counter<'event' | 'exit_type'>;
  readonly callDuration: Histogram<'event'>;
  readonly errors: Counter<'code'>;

  constructor(nodeID: string, sources: GaugeSources) {
    const own = new Registry();
    const registers = [own];
    const gauge = (name: string, help: string, read: () => number | Promise<number>) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          this.set(await read());
        },
      });
    gauge('convene_connections', 'Socket.IO connections open on this node', sources.connections);
    gauge('convene_sessions', 'Sessions on this node, those in their grace period included', sources.sessions);
    gauge('convene_rooms', 'Rooms in the store, rooms waiting out a destroy delay included', sources.rooms);
    gauge(
      'convene_room_members',
      "Room memberships of this node's sessions (a user in a room counts once, however many tabs)",
      sources.roomMembers,
    );
    gauge(
      'convene_outbound_buffer_bytes',
      'Bytes written to connections and not yet sent, all connections',
      sources.outboundBufferBytes,
    );
    this.messages = new Counter({ name: 'convene_messages_total', help: 'Room messages accepted', registers });
    this.deliveries = new Counter({
      name: 'convene_deliveries_total',
      help: 'Room message pushes written to connections of this node',
      registers,
    });
    this.memberEvents = new Counter({
      name: 'convene_member_events_total',
      help: 'Users joining (event="joined") and leaving (event="left", exit_type Quit/Kickout/Timeout) rooms',
      labelNames: ['event', 'exit_type'],
      registers,
    });
    this.callDuration = new Histogram({
      name: 'convene_call_duration_seconds',
      help: 'Time from a call arriving to its answer, by call (event)',
      labelNames: ['event'],
      buckets: CALL_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'convene_errors_total',
      help: 'Errors answered to clients (calls and refused handshakes), by ZIM error code',
      labelNames: ['code'],
      registers,
    });
    this.registry = Registry.merge([defaultMetrics(), own]);
    this.registry.setDefaultLabels({ node: nodeID });
  }

  /** The Prometheus text exposition and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Current value of a counter (sum over its labels), for the operations page's series. */
  async total(counter: Counter<string>): Promise<number> {
    const { values } = await counter.get();
    return values.reduce((sum, v) => sum + v.value, 0);
  }
}
