/**
 * `GET /metrics/ops` (server secret required): what the operations page shows, as JSON. Rates are
 * per second over one sample period; the series cover the last minutes, oldest first.
 */

export interface OpsSample {
  /** Epoch ms of the sample. */
  at: number;
  connections: number;
  sessions: number;
  rooms: number;
  members: number;
  /** Room messages accepted per second since the previous sample. */
  messagesPerSecond: number;
  /** Message pushes written to connections per second since the previous sample. */
  deliveriesPerSecond: number;
  /** Errors answered per second since the previous sample. */
  errorsPerSecond: number;
}

export interface OpsRoom {
  roomID: string;
  roomName: string;
  memberCount: number;
  createdAt: number;
}

export interface OpsNode {
  nodeID: string;
  startedAt: number;
  draining: boolean;
  connections: number;
  sessions: number;
  /** Event-loop delay, p99 over the last sample period, ms: how busy the node is. */
  eventLoopDelayMs: number;
  heapUsedBytes: number;
  rssBytes: number;
}

export interface OpsError {
  at: number;
  code: number;
  /** The code's name in ZIM's table (RateLimited, TokenExpired, …). */
  name: string;
  message: string;
  /** The call that failed, or `handshake` for a refused connection, `server` for an internal error. */
  during: string;
  userID?: string | undefined;
}

export interface OpsSnapshot {
  at: number;
  /** This node now; once several nodes share a store, one entry each. */
  nodes: OpsNode[];
  /** Busiest rooms first, at most 100. */
  rooms: OpsRoom[];
  roomCount: number;
  series: OpsSample[];
  /** Newest first. */
  errors: OpsError[];
  totals: { messages: number; deliveries: number; errors: number };
}
