// A real, throwaway Redis for the cluster tests: `startRedis` (scripts/lib/local-redis.mjs, shared
// with the bench and `pnpm cluster`) runs the installed redis-server on a free loopback port.
export { type RedisServer, startRedis } from '../../../../scripts/lib/local-redis.mjs';
