// The rate-limit store on PostgreSQL: counts per key and route, and a window that ends starts again.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { postgresRateLimitStore } from './rate-limit-store.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

type Store = InstanceType<ReturnType<typeof postgresRateLimitStore>>;
const count = (store: Store, key: string, windowMs: number) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (error, result) => (error ? reject(error) : resolve(result!)), windowMs));

it('counts each address per route within a window, across stores', async () => {
  const Store = postgresRateLimitStore(database.database.pool);
  const signIn = new Store().child({ routeInfo: { method: 'POST', url: '/api/v1/auth/sign-in' } });
  const setup = new Store().child({ routeInfo: { method: 'POST', url: '/api/v1/setup' } });

  const first = await count(signIn, '10.0.0.1', 60_000);
  expect(first.current).toBe(1);
  expect(first.ttl).toBeGreaterThan(50_000);
  expect(first.ttl).toBeLessThanOrEqual(60_000);
  expect((await count(signIn, '10.0.0.1', 60_000)).current).toBe(2);
  expect((await count(signIn, '10.0.0.2', 60_000)).current).toBe(1);
  expect((await count(setup, '10.0.0.1', 60_000)).current).toBe(1);
  // A second store (another process) adds to the same count.
  const elsewhere = new Store().child({ routeInfo: { method: 'POST', url: '/api/v1/auth/sign-in' } });
  expect((await count(elsewhere, '10.0.0.1', 60_000)).current).toBe(3);
});

it('starts counting again when the window has ended', async () => {
  const store = new (postgresRateLimitStore(database.database.pool))().child({ routeInfo: { method: 'POST', url: '/api/v1/auth/sign-in' } });
  await count(store, '10.0.0.3', 200);
  await count(store, '10.0.0.3', 200);
  await new Promise((resolve) => setTimeout(resolve, 250));
  const again = await count(store, '10.0.0.3', 200);
  expect(again.current).toBe(1);
  expect(again.ttl).toBeGreaterThan(0);
  expect(again.ttl).toBeLessThanOrEqual(200);
});

it('reports a database failure to the plugin instead of counting nothing', async () => {
  const broken = await createTestDatabase();
  const Store = postgresRateLimitStore(broken.database.pool);
  await broken.database.pool.query('DROP TABLE auth_rate_limits');
  await expect(count(new Store(), '10.0.0.1', 1000)).rejects.toThrow(/auth_rate_limits/);
  await broken.drop();
});
