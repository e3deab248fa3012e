/** Server settings, each from an environment variable (documented in the README). */
import { randomBytes } from 'node:crypto';
import { DEFAULT_SERVER_LIMITS } from '../lib/protocol/events.ts';
import { LIMITS } from '../lib/protocol/rules.ts';
import { TOKEN_RULES } from '../lib/protocol/tokens.ts';

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

/** The environment the settings are read from (process.env, or a test's own). */
type Env = Record<string, string | undefined>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const DEFAULT_CONFIG: Omit<ServerConfig, 'tokenSecret' | 'serverSecret' | 'webhookUrl' | 'redisUrl' | 'nodeID'> =
  {
    maxRooms: 10_000,
    maxRoomsPerUser: DEFAULT_SERVER_LIMITS.maxRoomsPerUser,
    maxSessionsPerUser: 10,
    roomCreationsPerMinute: 30,
    maxMembersPerRoom: DEFAULT_SERVER_LIMITS.maxMembersPerRoom,
    gracePeriodMs: 30_000,
    memberBatchWindowMs: 100,
    messageCoalesceMs: 20,
    maxDestroyDelaySeconds: DEFAULT_SERVER_LIMITS.maxDestroyDelaySeconds,
    initialMemberListSize: DEFAULT_SERVER_LIMITS.initialMemberListSize,
    historySize: DEFAULT_SERVER_LIMITS.historySize,
    historyBudgetMiB: 256,
    eventLogSize: 1000,
    eventLogKiB: 1024,
    messageRatePerSecond: 10,
    priorityMessageRatePerSecond: 50,
    callRatePerSecond: 200,
    handshakeRatePerSecond: 50,
    trustProxy: false,
    maxOutboundBytes: 4 * 1024 * 1024,
    memberAttributesSetRate: 50,
    memberAttributesQueryRate: 10,
    demoTokens: true,
    demoTokenTtlSeconds: 24 * 3600,
    maxTokenLifetimeSeconds: TOKEN_RULES.maxLifetimeSeconds,
    allowedOrigins: [],
    singleDevicePerRoom: false,
    webhookRetries: 5,
    webhookBackoffMs: 1000,
    webhookQueueSize: 10_000,
    webhookTimeoutMs: 5000,
    nodeLeaseMs: 10_000,
    logLevel: 'info',
    drainSeconds: 10,
    opsSampleMs: 2000,
    redisTimeoutMs: 2000,
  };

/** The environment variable behind each setting. */
export const ENV_NAMES: Record<keyof ServerConfig, string> = {
  maxRooms: 'CONVENE_MAX_ROOMS',
  maxRoomsPerUser: 'CONVENE_MAX_ROOMS_PER_USER',
  maxSessionsPerUser: 'CONVENE_MAX_SESSIONS_PER_USER',
  roomCreationsPerMinute: 'CONVENE_ROOM_CREATIONS_PER_MIN',
  maxMembersPerRoom: 'CONVENE_MAX_MEMBERS_PER_ROOM',
  gracePeriodMs: 'CONVENE_GRACE_PERIOD_MS',
  memberBatchWindowMs: 'CONVENE_MEMBER_BATCH_WINDOW_MS',
  messageCoalesceMs: 'CONVENE_MESSAGE_COALESCE_MS',
  maxDestroyDelaySeconds: 'CONVENE_MAX_DESTROY_DELAY_S',
  initialMemberListSize: 'CONVENE_INITIAL_MEMBER_LIST',
  historySize: 'CONVENE_HISTORY_SIZE',
  historyBudgetMiB: 'CONVENE_HISTORY_BUDGET_MB',
  eventLogSize: 'CONVENE_EVENT_LOG_SIZE',
  eventLogKiB: 'CONVENE_EVENT_LOG_KIB',
  messageRatePerSecond: 'CONVENE_MESSAGE_RATE',
  priorityMessageRatePerSecond: 'CONVENE_PRIORITY_MESSAGE_RATE',
  callRatePerSecond: 'CONVENE_CALL_RATE',
  handshakeRatePerSecond: 'CONVENE_HANDSHAKE_RATE',
  trustProxy: 'CONVENE_TRUST_PROXY',
  maxOutboundBytes: 'CONVENE_MAX_OUTBOUND_BYTES',
  memberAttributesSetRate: 'CONVENE_MEMBER_ATTRIBUTES_SET_RATE',
  memberAttributesQueryRate: 'CONVENE_MEMBER_ATTRIBUTES_QUERY_RATE',
  tokenSecret: 'CONVENE_TOKEN_SECRET',
  demoTokens: 'CONVENE_DEMO_TOKENS',
  demoTokenTtlSeconds: 'CONVENE_DEMO_TOKEN_TTL_S',
  maxTokenLifetimeSeconds: 'CONVENE_MAX_TOKEN_LIFETIME_S',
  allowedOrigins: 'CONVENE_ALLOWED_ORIGINS',
  singleDevicePerRoom: 'CONVENE_SINGLE_DEVICE',
  serverSecret: 'CONVENE_SERVER_SECRET',
  webhookUrl: 'CONVENE_WEBHOOK_URL',
  webhookRetries: 'CONVENE_WEBHOOK_RETRIES',
  webhookBackoffMs: 'CONVENE_WEBHOOK_BACKOFF_MS',
  webhookQueueSize: 'CONVENE_WEBHOOK_QUEUE_SIZE',
  webhookTimeoutMs: 'CONVENE_WEBHOOK_TIMEOUT_MS',
  redisUrl: 'CONVENE_REDIS_URL',
  nodeID: 'CONVENE_NODE_ID',
  nodeLeaseMs: 'CONVENE_NODE_LEASE_MS',
  logLevel: 'CONVENE_LOG_LEVEL',
  drainSeconds: 'CONVENE_DRAIN_S',
  opsSampleMs: 'CONVENE_OPS_SAMPLE_MS',
  redisTimeoutMs: 'CONVENE_REDIS_TIMEOUT_MS',
};

function readNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got "${raw}"`);
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

/** A comma-separated list of origins (`https://school.example`), each checked; `*` allows any. */
function readOrigins(env: Env, name: string): string[] {
  const raw = (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const origin of raw) {
    if (origin !== '*' && URL.parse(origin)?.origin !== origin) {
      throw new Error(
        `${name} lists origins such as https://app.example (scheme, host, port; no path), got "${origin}"`,
      );
    }
  }
  return raw;
}

/** Builds the configuration from the environment, with overrides (tests pass theirs here). */
export function loadConfig(env: Env = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const d = DEFAULT_CONFIG;
  const n = (key: keyof typeof d & keyof ServerConfig) => readNumber(env, ENV_NAMES[key], d[key] as number);
  const tokenSecret = overrides.tokenSecret ?? env[ENV_NAMES.tokenSecret] ?? '';
  const config: ServerConfig = {
    maxRooms: n('maxRooms'),
    maxRoomsPerUser: n('maxRoomsPerUser'),
    maxSessionsPerUser: Math.max(1, n('maxSessionsPerUser')),
    roomCreationsPerMinute: n('roomCreationsPerMinute'),
    maxMembersPerRoom: n('maxMembersPerRoom'),
    gracePeriodMs: n('gracePeriodMs'),
    memberBatchWindowMs: n('memberBatchWindowMs'),
    messageCoalesceMs: n('messageCoalesceMs'),
    maxDestroyDelaySeconds: Math.min(LIMITS.roomDestroyDelaySeconds, n('maxDestroyDelaySeconds')),
    initialMemberListSize: n('initialMemberListSize'),
    historySize: n('historySize'),
    historyBudgetMiB: n('historyBudgetMiB'),
    eventLogSize: Math.max(1, n('eventLogSize')),
    eventLogKiB: Math.max(1, n('eventLogKiB')),
    messageRatePerSecond: n('messageRatePerSecond'),
    priorityMessageRatePerSecond: n('priorityMessageRatePerSecond'),
    callRatePerSecond: n('callRatePerSecond'),
    handshakeRatePerSecond: n('handshakeRatePerSecond'),
    trustProxy: readBoolean(env, ENV_NAMES.trustProxy, d.trustProxy),
    maxOutboundBytes: n('maxOutboundBytes'),
    memberAttributesSetRate: n('memberAttributesSetRate'),
    memberAttributesQueryRate: n('memberAttributesQueryRate'),
    tokenSecret,
    // Demo mode is the embedded default; a configured secret means production unless asked.
    demoTokens: readBoolean(env, ENV_NAMES.demoTokens, d.demoTokens && !tokenSecret),
    demoTokenTtlSeconds: n('demoTokenTtlSeconds'),
    maxTokenLifetimeSeconds: n('maxTokenLifetimeSeconds'),
    allowedOrigins: readOrigins(env, ENV_NAMES.allowedOrigins),
    singleDevicePerRoom: readBoolean(env, ENV_NAMES.singleDevicePerRoom, d.singleDevicePerRoom),
    serverSecret: env[ENV_NAMES.serverSecret] ?? '',
    webhookUrl: env[ENV_NAMES.webhookUrl] ?? '',
    webhookRetries: n('webhookRetries'),
    webhookBackoffMs: n('webhookBackoffMs'),
    webhookQueueSize: Math.max(1, n('webhookQueueSize')),
    webhookTimeoutMs: n('webhookTimeoutMs'),
    redisUrl: env[ENV_NAMES.redisUrl] ?? '',
    nodeID: env[ENV_NAMES.nodeID] || randomBytes(4).toString('hex'),
    nodeLeaseMs: n('nodeLeaseMs'),
    logLevel: (env[ENV_NAMES.logLevel] || d.logLevel).toLowerCase(),
    drainSeconds: n('drainSeconds'),
    opsSampleMs: n('opsSampleMs'),
    redisTimeoutMs: n('redisTimeoutMs'),
    ...overrides,
  };
  if (!(LOG_LEVELS as readonly string[]).includes(config.logLevel)) {
    throw new Error(`${ENV_NAMES.logLevel} must be one of ${LOG_LEVELS.join(', ')}, got "${config.logLevel}"`);
  }
  if (config.opsSampleMs < 100) throw new Error(`${ENV_NAMES.opsSampleMs} must be at least 100`);
  if (config.webhookUrl) {
    if (!/^https?:$/.test(URL.parse(config.webhookUrl)?.protocol ?? '')) {
      throw new Error(`${ENV_NAMES.webhookUrl} must be an http(s) URL, got "${config.webhookUrl}"`);
    }
    if (!config.serverSecret)
      throw new Error(`${ENV_NAMES.webhookUrl} needs ${ENV_NAMES.serverSecret}: webhooks are signed with it`);
  }
  if (!config.demoTokens && !config.tokenSecret) {
    throw new Error(`${ENV_NAMES.tokenSecret} must be set when demo tokens are off`);
  }
  if (config.tokenSecret && Buffer.byteLength(config.tokenSecret) < TOKEN_RULES.minSecretBytes) {
    throw new Error(
      `${ENV_NAMES.tokenSecret} must be at least ${TOKEN_RULES.minSecretBytes} bytes (e.g. openssl rand -hex 32)`,
    );
  }
  if (config.demoTokenTtlSeconds > config.maxTokenLifetimeSeconds) {
    throw new Error(
      `${ENV_NAMES.demoTokenTtlSeconds} must not exceed ${ENV_NAMES.maxTokenLifetimeSeconds} (${config.maxTokenLifetimeSeconds})`,
    );
  }
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(config.nodeID)) {
    throw new Error(`${ENV_NAMES.nodeID} must be 1–64 letters, digits, '_', '.' or '-', got "${config.nodeID}"`);
  }
  if (config.nodeLeaseMs < 300) throw new Error(`${ENV_NAMES.nodeLeaseMs} must be at least 300`);
  return config;
}
