// The store of @fastify/rate-limit's counters in PostgreSQL. The plugin's own store keeps them in the
// process's memory, so with several web processes (WEB_PROCESSES, or machines behind a load balancer)
// an address got AUTH_RATE_LIMIT attempts from each of them. Here one upsert per attempt counts it in
// a shared row: the window starts with the first attempt and ends a timeWindow later, as the plugin's
// stores do (the time left is capped at the window: resets_at keeps milliseconds, rounded).
import type pg from 'pg';

type Counted = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Counted) => void;

const COUNT_SQL = `
  INSERT INTO auth_rate_limits AS r (key, hits, resets_at)
  VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2::double precision / 1000))
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.resets_at <= clock_timestamp() THEN 1 ELSE r.hits + 1 END,
    resets_at = CASE WHEN r.resets_at <= clock_timestamp() THEN EXCLUDED.resets_at ELSE r.resets_at END
  RETURNING hits, least($2::int, greatest(0, ceil(extract(epoch FROM r.resets_at - clock_timestamp()) * 1000)))::int AS ttl`;

/** A store class for @fastify/rate-limit's `store` option, counting in `pool`'s database. */
export function postgresRateLimitStore(pool: pg.Pool) {
  return class PostgresRateLimitStore {
    readonly prefix: string;

    constructor(_options?: unknown, prefix = '') {
      this.prefix = prefix;
    }

    // The plugin passes the route's window (its type declarations leave it out).
    incr(key: string, callback: Callback, timeWindow?: number): void {
      if (timeWindow === undefined) return callback(new Error('@fastify/rate-limit gave the store no time window'));
      pool.query<{ hits: number; ttl: number }>(COUNT_SQL, [`${this.prefix}${key}`, timeWindow]).then(
        (result) => callback(null, { current: result.rows[0]!.hits, ttl: result.rows[0]!.ttl }),
        (error: Error) => callback(error),
      );
    }

    /** A route's own counters: the plugin asks once per rate-limited route, with the route as `routeInfo`. */
    child(routeOptions: object): PostgresRateLimitStore {
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return new PostgresRateLimitStore(undefined, `${String(route?.method ?? '')} ${String(route?.url ?? '')} `);
    }
  };
}
