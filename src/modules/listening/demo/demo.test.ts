import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createUser, type TestUser } from '../../../../test/helpers/factories.js';
import { ListeningPipeline } from '../pipeline/pipeline.js';
import { parseQuery } from '../query/parser.js';
import { createDemoWorkspace, DEMO_WORKSPACE_NAME, findDemoWorkspace, isDemoWorkspace, runDemoStream, spikeWindow, type DemoSeedResult } from './seed-demo.js';
import { DemoStream } from './stream.js';
import { DEMO_TOPICS } from './topics.js';

describe('the demo stream', () => {
  const now = new Date('2026-06-11T12:00:00Z');
  const history = () => {
    const stream = new DemoStream({ seed: 42, runKey: 'r', now });
    return { stream, posts: stream.history(now, 1200, { hoursAgo: 30, minutes: 45, posts: 150 }) };
  };

  it('gives the same posts for the same seed, and others for another', () => {
    expect(history().posts).toEqual(history().posts);
    const other = new DemoStream({ seed: 43, runKey: 'r', now }).history(now, 1200, { hoursAgo: 30, minutes: 45, posts: 150 });
    expect(other.map((post) => post.text)).not.toEqual(history().posts.map((post) => post.text));
  });

  it('reads like a real firehose: languages, networks, authors, copies and noise', () => {
    const { stream, posts } = history();
    const channels = new Set(posts.map((post) => post.channel));
    for (const channel of ['twitter', 'mastodon', 'bluesky', 'reddit', 'youtube', 'news', 'review']) expect(channels).toContain(channel);
    for (const post of posts) {
      expect(post.url).toMatch(/^https:\/\//);
      expect(Date.parse(post.publishedAt!)).toBeLessThanOrEqual(now.getTime());
      expect(Date.parse(post.publishedAt!)).toBeGreaterThan(now.getTime() - 7 * 86_400_000);
      expect(post.text).not.toMatch(/\{[a-z+-]+\}/);
    }
    const langs = new Set(posts.map((post) => post.lang).filter(Boolean));
    for (const lang of ['en', 'es', 'fr', 'de', 'pt', 'ja']) expect(langs).toContain(lang);
    const followers = posts.map((post) => post.author?.followers).filter((count): count is number => count !== undefined);
    const sorted = [...followers].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(2000);
    expect(posts.some((post) => post.author?.verified && post.author.followers! >= 50_000)).toBe(true);
    const kinds = [...stream.kinds.values()];
    const share = (kind: string) => kinds.filter((k) => k === kind).length / kinds.length;
    expect(share('off_topic')).toBeGreaterThan(0.4);
    expect(posts.some((post) => post.text.startsWith('RT @'))).toBe(true);
    expect(posts.some((post) => post.author?.postsPerHour !== undefined && /\d{5,}$/.test(post.author.handle!))).toBe(true);
  });

  it('puts the live spike in the middle of the run, about a quarter of it long', () => {
    expect(spikeWindow(60)).toEqual({ from: 24, to: 39 });
    expect(spikeWindow(600)).toEqual({ from: 240, to: 330 });
    expect(spikeWindow(5)).toEqual({ from: 0, to: 5 });
  });

  it('has only demo queries that parse', () => {
    for (const topic of DEMO_TOPICS) for (const query of topic.queries) expect(parseQuery(query.query), query.query).toMatchObject({ ok: true });
  });
});

describe('the demo workspace', () => {
  let t: TestApp;
  let owner: TestUser;
  let pipeline: ListeningPipeline;
  let demo: DemoSeedResult;
  const now = new Date();
  const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];

  beforeAll(async () => {
    t = await buildTestApp();
    owner = await createUser(t);
    pipeline = new ListeningPipeline(t.db.database.db);
    demo = await createDemoWorkspace(t.db.database.db, pipeline, owner.id, { seed: 7, now });
  }, 120_000);
  afterAll(async () => {
    await pipeline.close();
    await t.close();
  });

  it('creates a workspace marked as the demo, with its topics and queries', async () => {
    expect(demo.created).toBe(true);
    const [workspace] = await rows<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [demo.workspaceId]);
    expect(workspace!.name).toBe(DEMO_WORKSPACE_NAME);
    expect(await isDemoWorkspace(t.db.database.db, demo.workspaceId)).toBe(true);
    expect(await findDemoWorkspace(t.db.database.db, owner.id)).toBe(demo.workspaceId);
    const topics = await rows<{ name: string; kind: string; queries: number }>(
      'SELECT t.name, t.kind, (SELECT count(*)::int FROM listening_queries q WHERE q.topic_id = t.id) AS queries FROM topics t WHERE t.workspace_id = $1 ORDER BY t.name',
      [demo.workspaceId],
    );
    expect(topics.map((topic) => topic.name).sort()).toEqual(DEMO_TOPICS.map((topic) => topic.name).sort());
    expect(new Set(topics.map((topic) => topic.kind))).toEqual(new Set(['brand', 'competitor', 'product', 'campaign']));
    for (const topic of topics) expect(topic.queries).toBeGreaterThan(0);
  });

  it('stores mentions for every topic, in several languages and with every sentiment', async () => {
    expect(demo.seeded.stored).toBeGreaterThan(200);
    // Most of the firehose is about nothing the demo tracks.
    expect(demo.seeded.stored).toBeLessThan(demo.seeded.sent * 0.6);
    for (const [key, topicId] of Object.entries(demo.topicIds)) {
      const [stats] = await rows<{ n: number; langs: number; sentiments: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT lang)::int AS langs, count(DISTINCT sentiment_label)::int AS sentiments FROM mentions WHERE workspace_id = $1 AND $2 = ANY(topic_ids)',
        [demo.workspaceId, topicId],
      );
      expect(stats!.n, key).toBeGreaterThan(5);
      expect(stats!.langs, key).toBeGreaterThanOrEqual(key === 'morrow' ? 2 : 3);
      if (key !== 'morrow') expect(stats!.sentiments, key).toBeGreaterThanOrEqual(2);
    }
    const [all] = await rows<{ langs: string[]; sentiments: string[] }>(
      'SELECT array_agg(DISTINCT lang) AS langs, array_agg(DISTINCT sentiment_label) AS sentiments FROM mentions WHERE workspace_id = $1',
      [demo.workspaceId],
    );
    expect(all!.langs).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'de', 'pt', 'ja']));
    expect(all!.sentiments.sort()).toEqual(['negative', 'neutral', 'positive']);
    // The exclusions work: the northern lights and flashlights are not the brand.
    const [decoys] = await rows<{ n: number }>("SELECT count(*)::int AS n FROM mentions WHERE workspace_id = $1 AND text ~* '\\m(borealis|lumens)\\M'", [demo.workspaceId]);
    expect(decoys!.n).toBe(0);
  });

  it('flags the giveaway bots as spam and clusters retweets and copy-paste posts', async () => {
    const [spam] = await rows<{ n: number; bots: number }>(
      "SELECT count(*) FILTER (WHERE spam_score >= 0.5)::int AS n, count(*) FILTER (WHERE spam_score >= 0.5 AND bot_score >= 0.5)::int AS bots FROM mentions WHERE workspace_id = $1 AND text ILIKE '%giveaway%'",
      [demo.workspaceId],
    );
    expect(spam!.n).toBeGreaterThan(3);
    expect(spam!.bots).toBeGreaterThan(0);
    const clusters = await rows<{ cluster_key: string; n: number; sample: string }>(
      'SELECT cluster_key, count(*)::int AS n, min(text) AS sample FROM mentions WHERE workspace_id = $1 AND cluster_key IS NOT NULL GROUP BY cluster_key ORDER BY n DESC',
      [demo.workspaceId],
    );
    expect(clusters.length).toBeGreaterThan(3);
    expect(clusters.some((cluster) => cluster.sample.includes('#BringBackOatFlat') && cluster.n >= 3)).toBe(true);
    const [retweets] = await rows<{ n: number }>("SELECT count(*)::int AS n FROM mentions WHERE workspace_id = $1 AND text LIKE 'RT @%' AND cluster_key IS NOT NULL", [demo.workspaceId]);
    expect(retweets!.n).toBeGreaterThan(0);
  });

  it('shows the complaint spike as a burst of negative mentions in its window', async () => {
    const from = new Date(now.getTime() - 30 * 3_600_000);
    const to = new Date(from.getTime() + 45 * 60_000);
    const [counts] = await rows<{ inside: number; week: number }>(
      `SELECT count(*) FILTER (WHERE published_at >= $2 AND published_at < $3)::int AS inside, count(*)::int AS week
         FROM mentions WHERE workspace_id = $1 AND sentiment_label = 'negative'`,
      [demo.workspaceId, from, to],
    );
    // 45 minutes hold far more than their share (0.45%) of the week's negative mentions.
    expect(counts!.inside).toBeGreaterThan(40);
    expect(counts!.inside / counts!.week).toBeGreaterThan(0.2);
    const [app] = await rows<{ n: number }>("SELECT count(*)::int AS n FROM mentions WHERE workspace_id = $1 AND $2 = ANY(topic_ids) AND published_at >= $3 AND published_at < $4 AND sentiment_label = 'negative'", [
      demo.workspaceId,
      demo.topicIds.app,
      from,
      to,
    ]);
    expect(app!.n).toBeGreaterThan(30);
  });

  it('reuses the demo workspace on a second run, without seeding the history twice', async () => {
    const again = await createDemoWorkspace(t.db.database.db, pipeline, owner.id, { seed: 7 });
    expect(again).toMatchObject({ workspaceId: demo.workspaceId, created: false, seeded: { sent: 0, stored: 0 }, topicIds: demo.topicIds });
    const [count] = await rows<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE action = 'workspace.demo_created'");
    expect(count!.n).toBe(1);
    // Another person gets a demo of their own.
    const someoneElse = await createUser(t);
    const theirs = await createDemoWorkspace(t.db.database.db, pipeline, someoneElse.id, { seed: 7, historyPosts: 100 });
    expect(theirs.workspaceId).not.toBe(demo.workspaceId);
  });

  it('streams live posts at the given rate, the spike included', async () => {
    const before = await rows<{ n: number }>('SELECT count(*)::int AS n FROM mentions WHERE workspace_id = $1', [demo.workspaceId]);
    const progress: number[] = [];
    const live = await runDemoStream(t.db.database.db, pipeline, demo.workspaceId, { durationSeconds: 2, rate: 40, seed: 7, progressEverySeconds: 1, onProgress: (p) => progress.push(p.sent) });
    // Two seconds, all of them spike at this length: twice the rate.
    expect(live.sent).toBe(160);
    expect(live.stored).toBeGreaterThan(40);
    expect(progress.at(-1)).toBe(160);
    const after = await rows<{ n: number }>('SELECT count(*)::int AS n FROM mentions WHERE workspace_id = $1', [demo.workspaceId]);
    expect(after[0]!.n - before[0]!.n).toBe(live.stored);
  });
});
