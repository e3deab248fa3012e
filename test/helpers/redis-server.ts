/**
 * The store and server tests' redis-server: the one of test/helpers/redis.ts (a free port on
 * 127.0.0.1, no persistence, stopped by its pid, with fault controls), under the names they use.
 */
export { startRedis as startRedisServer, type TestRedis as RedisServer } from './redis.ts';
