export type { Cache } from "./cache";
export { getJson, setJson } from "./cache";
export { createMemoryCache } from "./memory-cache";
export { createRedisCache } from "./redis-cache";
export { createUpstashCache } from "./upstash-cache";
export { getCache, openCache, setCacheForTests } from "./get-cache";
export { createOutageLog, type OutageLog } from "./outage";
export { closeRedis, createFailFastRedis, failFastRedisOptions } from "./redis-client";
