import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

it('publishes an OpenAPI 3.1 document that lists every API route with its schemas', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  const document = response.json() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  expect(document.openapi).toBe('3.1.0');
  for (const route of t.app.routeCatalog.filter((r) => r.url.startsWith('/api/v1') && !r.websocket)) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const operation = document.paths[path]?.[route.method.toLowerCase()];
    expect(operation, `${route.method} ${path}`).toBeDefined();
    expect(Object.keys(operation!.responses).some((status) => status.startsWith('2')), `${route.method} ${path}`).toBe(true);
  }
  const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
  expect(docs.statusCode).toBe(200);
  expect(docs.body).toContain('<html');
});

it('answers health, readiness and metrics', async () => {
  expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', database: true, migrations: true });
  await t.app.inject({ method: 'GET', url: '/api/v1/setup' });
  const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
  expect(metrics.body).toMatch(/parley_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/setup",status="200"\} [1-9]/);
  expect(metrics.body).toContain('parley_process_resident_memory_bytes');
});

it('answers an unknown API route with a JSON 404', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
  expect(response.statusCode).toBe(404);
  expect(response.json()).toMatchObject({ error: { code: 'route.not_found' } });
});
