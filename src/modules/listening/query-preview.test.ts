import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let other: { ws: string; owner: TestUser };
let brandTopic: string;

type Preview = {
  scanned: number;
  truncated: boolean;
  matched: number;
  alreadyInTopic: number;
  dailyEstimate: number;
  days: { date: string; count: number }[];
  samples: { id: string; text: string; title: string | null; inTopic: boolean; highlights: { field: string; start: number; end: number }[] }[];
};
type Body = { data: Record<string, unknown>; error?: { code: string; details: Record<string, unknown> } };

const inject = async (method: 'POST', url: string, payload: unknown, user = owner, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), payload: payload as object });
  return { status: response.statusCode, body: response.json() as Body };
};
const preview = async (query: string, topicId?: string, user = owner, workspaceId = ws) => {
  const response = await inject('POST', '/queries/preview', { query, topicId }, user, workspaceId);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.data as unknown as Preview;
};
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  const otherCo = await createWorkspaceWithOwner(t, 'Other Co');
  other = { ws: otherCo.workspace.id, owner: otherCo.owner };

  brandTopic = (await inject('POST', '/topics', { name: 'Zephyr', kind: 'brand' })).body.data.id as string;
  const competitor = (await inject('POST', '/topics', { name: 'Borealis', kind: 'competitor' })).body.data.id as string;
  await inject('POST', '/queries', { topicId: brandTopic, query: 'zephyr' });
  await inject('POST', '/queries', { topicId: competitor, query: 'borealis' });
  const ingested = await inject('POST', '/posts', {
    source: 'api',
    posts: [
      { externalId: 'p1', text: 'My Zephyr shoes fell apart after a week, terrible', publishedAt: hoursAgo(2) },
      { externalId: 'p2', text: 'Borealis shoes are comfy but the Zephyr app keeps crashing', publishedAt: hoursAgo(30) },
      { externalId: 'p3', text: 'Borealis refund still not here', publishedAt: hoursAgo(50) },
      { externalId: 'p4', text: 'Zephyr running club this Sunday #zephyrrun', title: 'Zephyr shoes review', publishedAt: hoursAgo(3) },
      { externalId: 'p5', text: 'An old zephyr post', publishedAt: hoursAgo(24 * 9) },
    ],
  });
  expect(ingested.body.data ?? ingested.body).toMatchObject({ stored: 5 });
  // Another workspace's mentions are never seen.
  const otherTopic = await inject('POST', '/topics', { name: 'Zephyr' }, other.owner, other.ws);
  expect(otherTopic.status, JSON.stringify(otherTopic.body)).toBe(201);
  await inject('POST', '/queries', { topicId: otherTopic.body.data.id, query: 'zephyr' }, other.owner, other.ws);
  await inject('POST', '/posts', { posts: [{ externalId: 'x1', text: 'Zephyr shoes in another workspace', publishedAt: hoursAgo(1) }] }, other.owner, other.ws);
});

afterAll(async () => t.close());

describe('POST /queries/preview', () => {
  it("counts the workspace's stored mentions of the last 7 days the query matches, per day, with samples marked", async () => {
    const result = await preview('"zephyr shoes" OR (crashing NOT refund)', brandTopic);
    expect(result.scanned).toBe(4);
    expect(result.truncated).toBe(false);
    expect(result.matched).toBe(3);
    expect(result.alreadyInTopic).toBe(3);
    expect(result.days).toHaveLength(7);
    expect(result.days.reduce((sum, day) => sum + day.count, 0)).toBe(3);
    expect(result.dailyEstimate).toBeCloseTo(3 / 7, 1);
    // Newest first; the phrase is marked as one span, in the title too.
    const texts = result.samples.map((sample) => sample.text);
    expect(texts).toEqual(['My Zephyr shoes fell apart after a week, terrible', 'Zephyr running club this Sunday #zephyrrun', 'Borealis shoes are comfy but the Zephyr app keeps crashing']);
    const first = result.samples[0]!;
    expect(first.highlights).toEqual([{ field: 'text', start: 3, end: 15 }]);
    expect(result.samples[1]!.highlights).toEqual([{ field: 'title', start: 0, end: 12 }]);
    const third = result.samples[2]!;
    expect(third.highlights.map((mark) => third.text.slice(mark.start, mark.end))).toEqual(['crashing']);
  });

  it('says which matches are already in the topic', async () => {
    const result = await preview('borealis', brandTopic);
    expect(result).toMatchObject({ matched: 2, alreadyInTopic: 1 });
    // The post naming both brands is in the brand topic; the other one is not.
    expect(result.samples.map((sample) => sample.inTopic)).toEqual([true, false]);
  });

  it('refuses a query that does not parse, with the position', async () => {
    const response = await inject('POST', '/queries/preview', { query: 'zephyr AND (shoes OR' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'query.invalid', details: { position: 'zephyr AND (shoes OR'.indexOf('OR') } });
  });

  it("never reads another workspace's mentions", async () => {
    const result = await preview('zephyr', undefined, other.owner, other.ws);
    expect(result.matched).toBe(1);
    expect(result.samples[0]!.text).toBe('Zephyr shoes in another workspace');
  });
});
