/** Server settings, each from an environment variable (documented in the README). */
import { randomBytes } from 'node:crypto';
import { DEFAULT_SERVER_LIMITS } from '../lib/protocol/events.ts';
import { LIMITS } from '../lib/protocol/rules.ts';
import { TOKEN_RULES } from '../lib/protocol/tokens.ts';
import type { ServerConfig } from './config-fields.ts';

export type { ServerConfig };

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
