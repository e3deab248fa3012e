/** What each server setting means (its environment variable and default are in config.ts). */
export interface ServerConfig {
  /** Most rooms the server holds at once, rooms waiting out a destroy delay included. */
  maxRooms: number;
  /**
   * Most rooms one user may be in at once; the empty rooms it created that wait out a destroy
   * delay count too, until they are destroyed.
   */
  maxRoomsPerUser: number;
  /** Most sessions (tabs, devices) one user may hold at once, dropped ones in their grace period included. */
  maxSessionsPerUser: number;
  /** Most rooms one user may create per minute (6000005 beyond). */
  roomCreationsPerMinute: number;
  /** Most members (users) in one room. */
  maxMembersPerRoom: number;
  /** How long a dropped session keeps its rooms, in ms. */
  gracePeriodMs: number;
  /** Joins and leaves within this window are sent as one event per room, in ms. */
  memberBatchWindowMs: number;
  /** A room's messages within this window go out as one push per member, in ms (0: one push per message). */
  messageCoalesceMs: number;
  /** Longest roomDestroyDelayTime a client may ask for, in seconds (at most 10800). */
  maxDestroyDelaySeconds: number;
  /** Members listed in the roomMemberJoined a session gets on entering. */
  initialMemberListSize: number;
  /** Messages kept per room for late joiners. */
  historySize: number;
  /** MiB of message history the server (or, with Redis, the cluster) keeps in all rooms together. */
  historyBudgetMiB: number;
  /** Redis only: events a room's log keeps for nodes that missed some (a resume on another node, a lost subscription). */
  eventLogSize: number;
  /** Redis only: KiB of events a room's log keeps at most (the newest is always kept); the log goes after the grace period plus a lease of quiet. */
  eventLogKiB: number;
  /** Messages per second per session (Text, Command, Custom at Low/Medium priority). */
  messageRatePerSecond: number;
  /** Harder cap per second per session for Barrage and High priority messages. */
  priorityMessageRatePerSecond: number;
  /** Any calls per second per connection before the server answers 6000005. */
  callRatePerSecond: number;
  /**
   * New connections (handshakes) per second from one address, bursts of twenty seconds' worth
   * allowed; beyond it a handshake is refused (the SDK retries). 0: no limit.
   */
  handshakeRatePerSecond: number;
  /** Behind a proxy: take the client's address from X-Forwarded-For (the last entry). */
  trustProxy: boolean;
  /** Unsent output one connection may hold, in bytes, before it is disconnected (0: no cap). */
  maxOutboundBytes: number;
  /** Member attribute sets per second per room (6000354 beyond). */
  memberAttributesSetRate: number;
  /** Member attribute queries per second per session (6000356 beyond). */
  memberAttributesQueryRate: number;
  /** Secret that signs tokens (HS256). A random one is made at start when unset. */
  tokenSecret: string;
  /**
   * Whether GET /api/token issues a token for any userID (demo mode). Off whenever a token secret
   * is set, unless CONVENE_DEMO_TOKENS asks for it explicitly.
   */
  demoTokens: boolean;
  /** Lifetime of demo tokens, in seconds. */
  demoTokenTtlSeconds: number;
  /** Longest token lifetime (exp − iat) the server accepts, in seconds. */
  maxTokenLifetimeSeconds: number;
  /**
   * Browser origins besides the app's own that may fetch demo tokens and open WebSockets in demo
   * mode (`*`: any). Clients that send no Origin (bots, native apps) are always let in.
   */
  allowedOrigins: string[];
  /** ZIM's single-device policy: a user's second session entering a room removes the first. */
  singleDevicePerRoom: boolean;
  /** Bearer secret of the server API (SPEC 12) and metrics; empty: those are off. */
  serverSecret: string;
  /** Where webhooks are POSTed (SPEC 12); empty: none are sent. Needs the server secret. */
  webhookUrl: string;
  /** Retries per webhook after its first attempt. */
  webhookRetries: number;
  /** Wait before a webhook's first retry, in ms (doubled for each next one, at most 60 s). */
  webhookBackoffMs: number;
  /** Webhooks waiting at most while the receiver is down; the oldest is dropped beyond. */
  webhookQueueSize: number;
  /** How long one webhook POST may take, in ms. */
  webhookTimeoutMs: number;
  /** Redis URL of the shared store (SPEC 11); empty: rooms live in this process's memory. */
  redisUrl: string;
  /** This node's ID in the cluster (healthz, leases); a random short ID when unset. */
  nodeID: string;
  /** How long a node's lease lasts without renewal before others sweep its sessions, in ms. */
  nodeLeaseMs: number;
  /** pino level of the JSON logs: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** Longest a SIGTERM drain takes before the process exits anyway, in seconds. */
  drainSeconds: number;
  /** How often the operations page's charts get a point, in ms (5 minutes are kept). */
  opsSampleMs: number;
  /** A Redis command unanswered this long fails with 6000301 (calls never hang), in ms. */
  redisTimeoutMs: number;
}
