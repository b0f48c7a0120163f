import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { EVENTS_CHANNEL, type WorkspaceEvent } from '../../server/events.js';
import { linkAuthorsBatch } from './jobs/link-authors.js';
import { trainWorkspaceModel } from './jobs/train-model.js';
import { ListeningPipeline } from './pipeline/pipeline.js';
import type { IncomingPost } from './pipeline/incoming.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let other: { ws: string; owner: TestUser };

type Body = { data: Record<string, unknown> & Record<string, unknown>[]; nextCursor?: string | null; error?: { code: string; message: string; details: Record<string, unknown> } };

const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, user = owner, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const countOf = async (text: string, params: unknown[] = []) => Number((await rows<{ n: string }>(text, params))[0]!.n);
type Mention = {
  id: string;
  source: string;
  externalId: string;
  publishedAt: string;
  receivedAt: string;
  text: string;
  lang: string | null;
  topicIds: string[];
  queryIds: string[];
  sentiment: { label: string; score: number; by: string; machineLabel: string };
  clusterKey: string;
  spamScore: number;
  contactId: string | null;
};
const mentionsWhere = async (query: string, workspaceId = ws, user = owner) => {
  const response = await inject('GET', `/mentions?${query}`, undefined, user, workspaceId);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.data as unknown as Mention[];
};
const post = (externalId: string, text: string, extra: Partial<IncomingPost> = {}): IncomingPost => ({ externalId, text, channel: 'twitter', ...extra });
const ingest = async (posts: IncomingPost[], source = 'api', workspaceId = ws, user = owner) => {
  const response = await inject('POST', '/posts', { source, posts }, user, workspaceId);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as unknown as { received: number; matched: number; stored: number; duplicates: number; mentionIds: string[] };
};

let brandTopic: string;
let competitorTopic: string;
let brandQuery: string;

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  const otherCo = await createWorkspaceWithOwner(t, 'Other Co');
  other = { ws: otherCo.workspace.id, owner: otherCo.owner };

  brandTopic = ((await inject('POST', '/topics', { name: 'Zephyr shoes', kind: 'brand' })).body.data.id as string);
  competitorTopic = ((await inject('POST', '/topics', { name: 'Borealis', kind: 'competitor' })).body.data.id as string);
  brandQuery = ((await inject('POST', '/queries', { topicId: brandTopic, query: 'zephyr OR #zephyrrun OR "zephyr shoes"' })).body.data.id as string);
  await inject('POST', '/queries', { topicId: competitorTopic, query: 'borealis -"job offer"' });
});

afterAll(async () => t.close());

describe('topics and queries', () => {
  it('refuses a query that does not parse, with the position of the problem, and stores nothing', async () => {
    const before = (await inject('GET', `/queries?topicId=${brandTopic}`)).body.data.length;
    const refused = await inject('POST', '/queries', { topicId: brandTopic, query: 'zephyr AND (shoes OR' });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.code).toBe('query.invalid');
    // It points at the OR that has nothing after it.
    expect(refused.body.error?.details.position).toBe('zephyr AND (shoes OR'.indexOf('OR'));
    expect((await inject('GET', `/queries?topicId=${brandTopic}`)).body.data.length).toBe(before);
    const one = await inject('GET', `/topics/${brandTopic}`);
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body.data).toMatchObject({ id: brandTopic, queryCount: before, mentions7d: 0 });
    expect((await inject('GET', '/topics')).body.data.map((topic) => topic.name)).toEqual(['Borealis', 'Zephyr shoes']);
  });

  it('checks a query for the editor: error position, warnings, canonical form', async () => {
    const bad = await inject('POST', '/queries/check', { query: '"unclosed phrase' });
    expect(bad.body.data).toMatchObject({ valid: false, error: { position: 0 } });
    const good = await inject('POST', '/queries/check', { query: 'Zephyr  OR  the' });
    expect(good.body.data).toMatchObject({ valid: true, canonical: 'zephyr OR the', indexable: true });
    expect((good.body.data.warnings as unknown as unknown[]).length).toBeGreaterThan(0);
  });

  it('keeps topic names unique in a workspace, case aside', async () => {
    const duplicate = await inject('POST', '/topics', { name: 'zephyr SHOES' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error?.code).toBe('topic.name_taken');
    // Another workspace may use the name.
    expect((await inject('POST', '/topics', { name: 'Zephyr shoes' }, other.owner, other.ws)).status).toBe(201);
  });

  it('does not let a query join a topic of another workspace', async () => {
    const response = await inject('POST', '/queries', { topicId: brandTopic, query: 'zephyr' }, other.owner, other.ws);
    expect(response.status).toBe(404);
  });
});

describe('the pipeline', () => {
  it('stores the posts that match, with their topics, queries, language and sentiment, and drops the rest', async () => {
    const result = await ingest([
      post('t1', 'I absolutely love my new Zephyr running shoes, best purchase this year! 😍', { author: { handle: 'ana_runs', followers: 1200 } }),
      post('t2', 'Borealis customer service is terrible, still waiting for my refund after three weeks'),
      post('t3', 'What a lovely sunny afternoon in the park with the kids'),
      post('t4', 'Les nouvelles chaussures Zephyr sont vraiment géniales, je les adore'),
      post('t5', 'Borealis job offer: senior engineer wanted, apply now'),
    ]);
    expect(result).toMatchObject({ received: 5, matched: 3, stored: 3, duplicates: 0 });
    expect(result.mentionIds).toHaveLength(3);

    const stored = await mentionsWhere('limit=50');
    const byText = (start: string) => stored.find((mention) => mention.text.startsWith(start))!;
    expect(byText('I absolutely').topicIds).toEqual([brandTopic]);
    expect(byText('I absolutely').queryIds).toEqual([brandQuery]);
    expect(byText('I absolutely').lang).toBe('en');
    expect(byText('I absolutely').sentiment).toMatchObject({ label: 'positive', by: 'machine' });
    expect(byText('Borealis customer').topicIds).toEqual([competitorTopic]);
    expect(byText('Borealis customer').sentiment.label).toBe('negative');
    expect(byText('Les nouvelles').lang).toBe('fr');
    expect(stored.some((mention) => mention.text.includes('sunny afternoon') || mention.text.includes('job offer'))).toBe(false);
  });

  it('stores a re-delivered post once', async () => {
    const first = await ingest([post('dup-1', 'Zephyr laces snapped on day two'), post('dup-2', 'zephyr fits true to size')]);
    expect(first).toMatchObject({ stored: 2, duplicates: 0 });
    const again = await ingest([post('dup-1', 'Zephyr laces snapped on day two'), post('dup-3', 'zephyr again')]);
    expect(again).toMatchObject({ matched: 2, stored: 1, duplicates: 1 });
    expect(await countOf("SELECT count(*) AS n FROM mentions WHERE workspace_id = $1 AND external_id = 'dup-1'", [ws])).toBe(1);
    // The same external id from another source is another post.
    expect((await ingest([post('dup-1', 'Zephyr laces snapped on day two')], 'reddit-source')).stored).toBe(1);
  });

  it('clusters retweets and copies of a post as near-duplicates', async () => {
    const text = 'Huge Zephyr sale this weekend only, every running shoe half price at the flagship store downtown';
    await ingest([
      post('nd-1', text),
      post('nd-2', `RT @zephyr_official: ${text}`),
      post('nd-3', `${text} https://example.com/deal?utm_source=x`),
      post('nd-4', 'Zephyr shoes gave me blisters on my first long run, disappointed with the fit and the heel'),
    ]);
    const stored = await mentionsWhere('q=flagship');
    expect(stored).toHaveLength(3);
    expect(new Set(stored.map((mention) => mention.clusterKey))).toEqual(new Set(['api:nd-1']));
    const cluster = await mentionsWhere(`clusterKey=${encodeURIComponent('api:nd-1')}`);
    expect(cluster.map((mention) => mention.text).sort()).toEqual(stored.map((mention) => mention.text).sort());
    const [blisters] = await mentionsWhere('q=blisters');
    expect(blisters!.clusterKey).toBe('api:nd-4');
  });

  it('matches new posts against a changed query without a restart', async () => {
    // A pipeline that checks revisions on every batch, as the app's does every second.
    const pipeline = new ListeningPipeline(t.db.database.db, { refreshMs: 0 });
    expect((await pipeline.submit(ws, 'api', [post('chg-1', 'the aurora trail shoe is out')])).matched).toBe(0);
    const created = await inject('POST', '/queries', { topicId: brandTopic, query: '"aurora trail"' });
    expect(created.status).toBe(201);
    expect((await pipeline.submit(ws, 'api', [post('chg-2', 'the aurora trail shoe is out')])).matched).toBe(1);
    await inject('PATCH', `/queries/${created.body.data.id as string}`, { enabled: false });
    expect((await pipeline.submit(ws, 'api', [post('chg-3', 'the aurora trail shoe is out')])).matched).toBe(0);
    await inject('PATCH', `/queries/${created.body.data.id as string}`, { enabled: true, query: 'aurora NEAR/2 shoe' });
    expect((await pipeline.submit(ws, 'api', [post('chg-4', 'the aurora trail shoe is out')])).matched).toBe(1);
    await inject('DELETE', `/queries/${created.body.data.id as string}`);
    expect((await pipeline.submit(ws, 'api', [post('chg-5', 'the aurora trail shoe is out')])).matched).toBe(0);
  });

  it('detects the language before matching when a lang: query could match the post', async () => {
    const topic = (await inject('POST', '/topics', { name: 'Languages', kind: 'other' })).body.data.id as string;
    const french = (await inject('POST', '/queries', { topicId: topic, query: 'moccasin lang:fr' })).body.data.id as string;
    const notEnglish = (await inject('POST', '/queries', { topicId: topic, query: 'moccasin -lang:en' })).body.data.id as string;
    const german = (await inject('POST', '/queries', { topicId: topic, query: 'lang:de' })).body.data.id as string;
    const pipeline = new ListeningPipeline(t.db.database.db, { refreshMs: 0 });
    const result = await pipeline.submit(ws, 'languages', [
      post('lq-1', 'Ce moccasin est vraiment le plus confortable que j’ai jamais porté'),
      post('lq-2', 'This moccasin is honestly the most comfortable one I have ever worn'),
      post('lq-3', 'Das Wetter in Berlin ist heute wirklich wunderbar und sonnig'),
      post('lq-4', 'moccasin'),
    ]);
    expect(result).toMatchObject({ matched: 3, stored: 3 });
    const byId = new Map((await mentionsWhere('source=languages')).map((m) => [m.text, m.queryIds]));
    expect(byId.get('Ce moccasin est vraiment le plus confortable que j’ai jamais porté')).toEqual([french, notEnglish].sort());
    expect(byId.has('This moccasin is honestly the most comfortable one I have ever worn')).toBe(false);
    expect(byId.get('Das Wetter in Berlin ist heute wirklich wunderbar und sonnig')).toEqual([german]);
    // Too short to tell: not English as far as anyone knows.
    expect(byId.get('moccasin')).toEqual([notEnglish]);
    for (const id of [french, notEnglish, german]) await inject('DELETE', `/queries/${id}`);
  });

  it('gives the same mentions when its work runs in threads', async () => {
    const posts = (prefix: string) => [
      post(`${prefix}-1`, 'Zephyr trail runners are light and grippy, love them 😍'),
      post(`${prefix}-2`, 'Borealis jackets leak in the rain, really disappointed'),
      post(`${prefix}-3`, 'a quiet day with nothing to report'),
      post(`${prefix}-4`, 'RT @fan: Zephyr trail runners are light and grippy, love them 😍'),
      post(`${prefix}-5`, 'Les baskets Zephyr sont géniales'),
    ];
    const inProcess = new ListeningPipeline(t.db.database.db, { refreshMs: 0 });
    const threaded = new ListeningPipeline(t.db.database.db, { refreshMs: 0, threads: 2 });
    try {
      expect(await inProcess.submit(ws, 'same-a', posts('x'))).toMatchObject({ matched: 4, stored: 4 });
      expect(await threaded.submit(ws, 'same-b', posts('x'))).toMatchObject({ matched: 4, stored: 4 });
    } finally {
      await threaded.close();
    }
    const strip = (mentions: Mention[]) =>
      mentions
        .map(({ id: _id, source: _source, publishedAt: _published, receivedAt: _received, clusterKey, ...rest }) => ({ ...rest, clusterKey: clusterKey.replace(/^same-[ab]:/, '') }))
        .sort((a, b) => a.text.localeCompare(b.text));
    const a = strip(await mentionsWhere('source=same-a'));
    const b = strip(await mentionsWhere('source=same-b'));
    expect(b).toEqual(a);
    expect(new Set(a.map((m) => m.clusterKey)).size).toBe(3);
  });

  it('keeps posts in flight within its bound under a burst, and loses none', async () => {
    const pipeline = new ListeningPipeline(t.db.database.db, { batchSize: 50, maxPendingPosts: 100 });
    const burst = Array.from({ length: 8 }, (_, caller) =>
      Array.from({ length: 150 }, (_, i) => post(`burst-${caller}-${i}`, `zephyr burst post ${caller} number ${i}`)),
    );
    const results = await Promise.all(burst.map((posts) => pipeline.submit(ws, 'burst', posts)));
    expect(results.reduce((sum, result) => sum + result.stored, 0)).toBe(1200);
    expect(pipeline.peakPendingPosts).toBeLessThanOrEqual(100);
    expect(pipeline.peakPendingPosts).toBeGreaterThan(50);
    expect(await countOf("SELECT count(*) AS n FROM mentions WHERE workspace_id = $1 AND source = 'burst'", [ws])).toBe(1200);
  });

  it('announces stored mentions to live screens, once per batch', async () => {
    const listener = new pg.Client({ connectionString: t.db.url });
    await listener.connect();
    const events: WorkspaceEvent[] = [];
    listener.on('notification', (message) => events.push(JSON.parse(message.payload!) as WorkspaceEvent));
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    try {
      const result = await ingest([post('live-1', 'zephyr live one'), post('live-2', 'zephyr live two'), post('live-3', 'nothing to see')]);
      await expect.poll(() => events.filter((event) => event.type === 'mentions.created').length).toBe(1);
      const event = events.find((e) => e.type === 'mentions.created')!;
      expect(event.workspaceId).toBe(ws);
      expect(event.data).toMatchObject({ count: 2, mentionIds: result.mentionIds, topicIds: [brandTopic] });
    } finally {
      await listener.end();
    }
  });

  it('refuses malformed posts with the field at fault and stores nothing of the request', async () => {
    const before = (await mentionsWhere('limit=200')).length;
    const response = await inject('POST', '/posts', { posts: [post('ok-1', 'zephyr fine'), { externalId: 'bad', text: 'zephyr', lang: 'english' }] });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error?.details)).toContain('posts.1.lang');
    expect((await mentionsWhere('limit=200')).length).toBe(before);
  });
});

describe('the mention explorer', () => {
  it('searches the text in each mention\'s language, matching other forms of its words', async () => {
    await ingest([
      post('fts-1', 'Zephyr trail sneakers are comfortable', { lang: 'en' }),
      post('fts-2', 'Mes chaussures Zephyr sont confortables', { lang: 'fr' }),
      post('fts-3', 'zephyr chaussures sans stemmer', { lang: 'ja' }),
    ]);
    expect((await mentionsWhere('q=sneakers')).map((m) => m.text)).toEqual(['Zephyr trail sneakers are comfortable']);
    // An English mention is indexed by English word forms, so "sneaker" finds "sneakers".
    expect((await mentionsWhere('q=sneaker')).map((m) => m.text)).toEqual(['Zephyr trail sneakers are comfortable']);
    // "chaussure" is not a word of the French posts, but a form of one in French; a mention in a
    // language PostgreSQL has no stemmer for (Japanese) is indexed by its exact words only.
    const french = ['Les nouvelles chaussures Zephyr sont vraiment géniales, je les adore', 'Mes chaussures Zephyr sont confortables'];
    expect((await mentionsWhere('q=chaussure')).map((m) => m.text).sort()).toEqual(french);
    expect((await mentionsWhere('q=chaussures')).map((m) => m.text).sort()).toEqual([...french, 'zephyr chaussures sans stemmer'].sort());
    // With qLang, that language's forms and the exact words.
    expect((await mentionsWhere('q=chaussure&qLang=fr')).map((m) => m.text).sort()).toEqual(french);
    expect((await mentionsWhere('q=chaussures&qLang=fr')).map((m) => m.text).sort()).toEqual([...french, 'zephyr chaussures sans stemmer'].sort());
    // English stop words are not indexed in English mentions, yet a phrase around them still matches.
    expect(await mentionsWhere('q=%22trail%20sneakers%22%20-comfortable')).toHaveLength(0);
    expect(await mentionsWhere('q=%22trail%20sneakers%22')).toHaveLength(1);
    expect(await mentionsWhere('q=%22sneakers%20are%20comfortable%22')).toHaveLength(1);
  });

  it("finds a post's stored replies, wherever its source records the parent", async () => {
    await ingest(
      [
        post('thread-1', 'Zephyr trail shoes: what do you think?'),
        post('thread-2', 'My Zephyr shoes are great', { data: { referencedTweets: [{ type: 'replied_to', id: 'thread-1' }] } }),
        post('thread-3', 'Zephyr soles wore out fast', { data: { inReplyToId: 'thread-1' } }),
        post('thread-4', 'Zephyr is fine', { data: { referencedTweets: [{ type: 'quoted', id: 'thread-1' }] } }),
        post('thread-5', 'Zephyr elsewhere', { data: { inReplyToId: 'thread-9' } }),
      ],
      'threads',
    );
    expect((await mentionsWhere('source=threads&repliesTo=thread-1')).map((m) => m.externalId).sort()).toEqual(['thread-2', 'thread-3']);
    expect(await mentionsWhere('source=threads&repliesTo=thread-2')).toHaveLength(0);
  });

  it('filters by topic, sentiment and language, and pages with a cursor', async () => {
    const competitor = await mentionsWhere(`topicId=${competitorTopic}`);
    expect(competitor.length).toBeGreaterThan(0);
    expect(competitor.every((mention) => mention.topicIds.includes(competitorTopic))).toBe(true);
    expect((await inject('GET', `/topics/${competitorTopic}`)).body.data).toMatchObject({ queryCount: 1, mentions7d: competitor.length });
    const negative = await mentionsWhere('sentiment=negative');
    expect(negative.every((mention) => mention.sentiment.label === 'negative')).toBe(true);
    expect((await mentionsWhere('lang=fr')).every((mention) => mention.lang === 'fr')).toBe(true);

    const seen = new Set<string>();
    let cursor: string | null | undefined = null;
    let pages = 0;
    do {
      const response = await inject('GET', `/mentions?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      for (const mention of response.body.data as unknown as Mention[]) seen.add(mention.id);
      cursor = response.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    const n = await countOf('SELECT count(*) AS n FROM mentions WHERE workspace_id = $1', [ws]);
    expect(seen.size).toBe(n);
    expect(pages).toBeGreaterThan(1);
  });

  it("shows nothing of another workspace's mentions", async () => {
    const [mine] = await mentionsWhere('limit=1');
    expect((await inject('GET', `/mentions/${mine!.id}`, undefined, other.owner, other.ws)).status).toBe(404);
    expect((await inject('PATCH', `/mentions/${mine!.id}`, { sentiment: 'negative' }, other.owner, other.ws)).status).toBe(404);
    expect(await mentionsWhere('limit=50', other.ws, other.owner)).toHaveLength(0);
    expect((await inject('GET', '/mentions/not-a-number')).status).toBe(404);
  });
});

describe('corrections', () => {
  it("takes a person's sentiment at once, keeps the machine's label, and queues training", async () => {
    const [mention] = await mentionsWhere('q=blisters');
    const corrected = await inject('PATCH', `/mentions/${mention!.id}`, { sentiment: 'positive', relevance: 'irrelevant' });
    expect(corrected.status).toBe(200);
    expect(corrected.body.data).toMatchObject({ sentiment: { label: 'positive', by: 'person', machineLabel: mention!.sentiment.machineLabel }, relevance: 'irrelevant', relevanceBy: 'person' });
    const corrections = await rows<{ field: string; value: string; machine_value: string }>('SELECT field, value, machine_value FROM mention_corrections WHERE mention_id = $1 ORDER BY field', [mention!.id]);
    expect(corrections).toEqual([
      { field: 'relevance', value: 'irrelevant', machine_value: 'relevant' },
      { field: 'sentiment', value: 'positive', machine_value: mention!.sentiment.machineLabel },
    ]);
    const jobs = await rows<{ key: string }>("SELECT key FROM graphile_worker.jobs WHERE task_identifier = 'listening.train_model' ORDER BY key");
    expect(jobs.map((job) => job.key)).toEqual([`listening.train_model:${ws}:relevance`, `listening.train_model:${ws}:sentiment`]);
    expect((await inject('PATCH', `/mentions/${mention!.id}`, {})).status).toBe(400);
  });
});

describe('authors', () => {
  it('links authors to contacts, putting each mention on their timeline', async () => {
    await ingest([
      post('au-1', 'Zephyr shoes fell apart after a month', { author: { handle: 'Marta_K', externalId: '1001', name: 'Marta K', followers: 25_000 } }),
      post('au-2', 'Zephyr replaced them for free, great service', { author: { handle: 'marta_k', externalId: '1001', followers: 25_100 } }),
      post('au-3', 'Zephyr review on our blog', { channel: 'blog', author: { handle: 'editor' } }),
      post('au-4', 'FREE zephyr giveaway!!! click here http://bit.ly/win now dm me to claim prize', { author: { handle: 'promo99999999' } }),
    ]);
    while ((await linkAuthorsBatch(t.db.database.db)) > 0);
    const linked = await rows<{ external_id: string; contact_id: string | null; linked_at: Date | null }>(
      "SELECT external_id, contact_id, linked_at FROM mentions WHERE workspace_id = $1 AND external_id LIKE 'au-%' ORDER BY external_id",
      [ws],
    );
    expect(linked.every((row) => row.linked_at !== null)).toBe(true);
    expect(linked[0]!.contact_id).not.toBeNull();
    expect(linked[1]!.contact_id).toBe(linked[0]!.contact_id);
    expect(linked[2]!.contact_id).toBeNull();
    expect(linked[3]!.contact_id).toBeNull();

    const contactId = linked[0]!.contact_id!;
    const timeline = await rows<{ kind: string; source_id: string; sentiment: number }>(
      "SELECT kind, source_id, sentiment FROM interactions WHERE contact_id = $1 AND kind = 'mention' ORDER BY occurred_at",
      [contactId],
    );
    expect(timeline).toHaveLength(2);
    const identity = await rows<{ channel: string; external_id: string; followers: number }>('SELECT channel, external_id, followers FROM identities WHERE contact_id = $1', [contactId]);
    expect(identity).toEqual([{ channel: 'twitter', external_id: '1001', followers: 25_100 }]);
    expect((await mentionsWhere(`contactId=${contactId}`)).map((m) => m.contactId)).toEqual([contactId, contactId]);
  });
});

describe('learning from corrections', () => {
  it("learns the workspace's meaning of a word, shows its held-out effect, and labels new mentions with it", async () => {
    // In this community "sick" praises a shoe; the lexicon reads it as negative.
    const models = ['aero', 'trail', 'glide', 'storm', 'pace', 'ridge', 'volt', 'flux', 'peak', 'drift'];
    const places = ['on the track', 'at the gym', 'for marathons', 'in the rain', 'downtown', 'on trails', 'for sprints', 'at work'];
    const praise = Array.from({ length: 80 }, (_, i) => post(`sick-${i}`, `the zephyr ${models[i % 10]} is sick ${places[i % 8]} honestly ${i}`));
    // Corrections that agree with the machine, so the model must not simply flip everything.
    const plain = Array.from({ length: 60 }, (_, i) =>
      post(`plain-${i}`, i % 2 === 0 ? `zephyr ${models[i % 10]} is terrible ${places[i % 8]}, broke in a week ${i}` : `zephyr ${models[i % 10]} is great ${places[i % 8]}, love it ${i}`),
    );
    const stored = await ingest([...praise, ...plain], 'learning');
    expect(stored.stored).toBe(140);
    const all = await mentionsWhere('source=learning&limit=200');
    expect(all.filter((m) => m.text.includes(' sick ')).every((m) => m.sentiment.label === 'negative')).toBe(true);
    for (const mention of all) {
      const label = mention.text.includes(' sick ') || mention.text.includes('great') ? 'positive' : 'negative';
      expect((await inject('PATCH', `/mentions/${mention.id}`, { sentiment: label })).status).toBe(200);
    }

    const trained = await trainWorkspaceModel(t.db.database.db, ws, 'sentiment');
    expect(trained.examples).toBeGreaterThanOrEqual(140);
    expect(trained.heldOut.after.accuracy).toBeGreaterThan(trained.heldOut.before.accuracy);
    expect(trained.deployed).toBe(true);
    const shown = (await inject('GET', '/listening-models')).body.data as unknown as { kind: string; deployed: boolean; heldOut: { before: { accuracy: number }; after: { accuracy: number } } }[];
    expect(shown.find((model) => model.kind === 'sentiment')).toMatchObject({ deployed: true, heldOut: trained.heldOut });

    // New mentions get the workspace's label; the machine's stays visible beside it.
    const pipeline = new ListeningPipeline(t.db.database.db, { refreshMs: 0 });
    await pipeline.submit(ws, 'learning-after', [post('after-1', 'the zephyr volt is sick for sprints, no doubt'), post('after-2', 'zephyr glide is terrible downtown, broke already')]);
    const after = await mentionsWhere('source=learning-after');
    const sick = after.find((m) => m.text.includes('sick'))!;
    expect(sick.sentiment).toMatchObject({ label: 'positive', by: 'model', machineLabel: 'negative' });
    expect(sick.sentiment.score).toBeGreaterThan(0);
    expect(after.find((m) => m.text.includes('terrible'))!.sentiment).toMatchObject({ label: 'negative', by: 'machine' });
  });

  it('keeps the machine when there are too few corrections to trust a model', async () => {
    const fresh = await createWorkspaceWithOwner(t, 'Few corrections');
    const trained = await trainWorkspaceModel(t.db.database.db, fresh.workspace.id, 'relevance');
    expect(trained).toMatchObject({ examples: 0, deployed: false });
  });
});
