// Listening imports on a real database: NDJSON and CSV files uploaded over HTTP and fed to the real
// pipeline by the job's handler, rejected lines with their numbers, a crash between storing a chunk
// and committing its checkpoint (resumed by a new "process" without duplicates), a pause across the
// file's stored pieces, re-importing a file, cancelling, and the preview. The posts are real review
// sentences from the VADER study (test data only: test/fixtures/listening/vader-amazon-review-snippets.tsv, see the README there).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { ListeningPipeline } from '../pipeline/pipeline.js';
import { runListeningImport, type RunImportOptions } from './commands/run-listening-import.js';
import { RecordSplitter, type FileRecord } from './records.js';
import { FILE_PIECE_BYTES } from './repository.js';
import type { listeningImportSchema } from './schema.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
const pipelines: ListeningPipeline[] = [];

type Import = z.infer<typeof listeningImportSchema>;
type Body = { data: unknown; error?: { code: string; message: string } };

/** Review sentences mentioning a DVD (the workspace's query) and others that mention nothing tracked. */
const reviews = readFileSync(new URL('../../../../test/fixtures/listening/vader-amazon-review-snippets.tsv', import.meta.url), 'utf8')
  .split(/\r?\n/)
  .map((line) => line.split('\t')[2]?.trim() ?? '')
  .filter((text) => text !== '' && !text.includes('\uFFFD'));
const dvdReviews = reviews.filter((text) => /(^| )dvd( |$)/i.test(text));
const otherReviews = reviews.filter((text) => !/dvd/i.test(text));
const uniqueDvd = (texts: string[]) => new Set(texts).size;

const request = async (method: 'GET' | 'POST', url: string, payload?: string | object, contentType?: string) => {
  const headers: Record<string, string> = { ...as(owner, ws) };
  if (contentType) headers['content-type'] = contentType;
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload !== undefined ? { payload } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body, raw: response.body };
};
const upload = async (file: string, query: Record<string, string>, contentType = 'application/x-ndjson') => {
  const response = await request('POST', `/listening-imports?${new URLSearchParams(query)}`, file, contentType);
  expect(response.status, response.raw).toBe(201);
  return response.body.data as Import;
};
const importOf = async (id: string) => (await request('GET', `/listening-imports/${id}`)).body.data as Import;
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const mentionCount = async (source: string) => Number((await rows<{ n: string }>('SELECT count(*) AS n FROM mentions WHERE workspace_id = $1 AND source = $2', [ws, source]))[0]!.n);
/** A new pipeline per run: what a restarted worker process looks like. */
const run = (id: string, options: RunImportOptions = {}) => {
  const pipeline = new ListeningPipeline(t.db.database.db);
  pipelines.push(pipeline);
  return runListeningImport({ db: t.db.database.db, pipeline }, ws, id, options);
};
const ndjson = (posts: object[]) => posts.map((post) => JSON.stringify(post)).join('\n') + '\n';

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  const topic = (await request('POST', '/topics', { name: 'Players' })).body.data as { id: string };
  const query = await request('POST', '/queries', { topicId: topic.id, query: 'dvd' });
  expect(query.status, query.raw).toBe(201);
});

afterAll(async () => {
  for (const pipeline of pipelines) await pipeline.close();
  await t.close();
});

describe('NDJSON imports', () => {
  it('stores the matching posts and rejects bad lines with their numbers and reasons, without stopping', async () => {
    const posts = [...dvdReviews.slice(0, 40), ...otherReviews.slice(0, 40)].map((text, index) => ({
      externalId: `review-${index}`,
      text,
      publishedAt: `2024-0${1 + (index % 9)}-15T10:00:00Z`,
      author: { handle: `reader${index}` },
      channel: 'review',
    }));
    const lines = ndjson(posts).split('\n');
    lines.splice(5, 0, '{"externalId": "broken", "text": "a dvd review with a missing brace"'); // line 6
    lines.splice(10, 0, JSON.stringify({ externalId: 'no-text', title: 'A dvd with no text' })); // line 11
    lines.splice(15, 0, JSON.stringify({ externalId: 'bad-date', text: 'My dvd player broke', publishedAt: 'last tuesday' })); // line 16
    lines.splice(20, 0, '', '   '); // lines 21 and 22: blank, skipped silently
    lines.splice(25, 0, '["an", "array"]'); // line 26

    const created = await upload(lines.join('\n'), { fileName: 'reviews.ndjson' });
    expect(created).toMatchObject({ state: 'queued', format: 'ndjson', source: `import:${created.id}` });
    expect(await run(created.id, { chunkLines: 25 })).toMatchObject({ status: 'done', chunks: 4 });

    const done = await importOf(created.id);
    const expectedStored = uniqueDvd(dvdReviews.slice(0, 40));
    expect(done.state).toBe('done');
    expect(done.progress).toMatchObject({ linesRead: 84, postsAccepted: 80, rejectedLines: 4, postsMatched: 40, mentionsStored: expectedStored, bytesRead: done.progress.totalBytes });
    expect(done.errors.map((error) => error.line)).toEqual([6, 11, 16, 26]);
    expect(done.errors[0]!.message).toMatch(/^not valid JSON/);
    expect(done.errors[1]!.message).toBe('text is missing');
    expect(done.errors[2]!.message).toContain('"last tuesday" is not an ISO 8601 date-time');
    expect(done.errors[3]!.message).toMatch(/^not a JSON object/);
    expect(await mentionCount(created.source)).toBe(expectedStored);
    const [stored] = await rows<{ author_handle: string; channel: string; published_at: Date }>(
      "SELECT author_handle, channel, published_at FROM mentions WHERE source = $1 AND external_id = 'review-0'",
      [created.source],
    );
    expect(stored).toMatchObject({ author_handle: 'reader0', channel: 'review', published_at: new Date('2024-01-15T10:00:00Z') });
    // The file is gone once imported; the audit log has the upload and the completion.
    expect(await rows('SELECT 1 FROM listening_import_chunks WHERE import_id = $1', [created.id])).toHaveLength(0);
    const actions = await rows<{ action: string }>('SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY created_at', [created.id]);
    expect(actions.map((row) => row.action)).toEqual(['listening_import.created', 'listening_import.completed']);
  });

  it('resumes after a crash between storing a chunk and committing it, storing nothing twice', async () => {
    // No external ids: each post's id is a hash of its line, so the re-sent chunk is recognised.
    const texts = dvdReviews.slice(0, 100);
    const created = await upload(ndjson(texts.map((text) => ({ text }))), { fileName: 'no-ids.ndjson' });
    const crash = await run(created.id, {
      chunkLines: 30,
      afterSubmit: (chunk) => {
        if (chunk === 3) throw new Error('worker killed');
      },
    }).catch((error: Error) => error);
    expect(crash).toBeInstanceOf(Error);
    const midway = await importOf(created.id);
    expect(midway).toMatchObject({ state: 'running', progress: { linesRead: 60, lineCheckpoint: 60 } });
    // Chunk 3 was stored before the crash: more mentions than the checkpoint says.
    expect(await mentionCount(created.source)).toBe(uniqueDvd(texts.slice(0, 90)));

    expect(await run(created.id, { chunkLines: 30 })).toMatchObject({ status: 'done', chunks: 2 });
    const done = await importOf(created.id);
    expect(await mentionCount(created.source)).toBe(uniqueDvd(texts));
    expect(done.progress).toMatchObject({ linesRead: 100, postsAccepted: 100, postsMatched: 100, rejectedLines: 0 });
    // The re-sent chunk's posts count as duplicates, not as new mentions.
    expect(done.progress.mentionsStored + done.progress.duplicates).toBe(100);
    // Stored: the two chunks committed before the crash, then only what chunk 4 added.
    expect(done.progress.mentionsStored).toBe(uniqueDvd(texts.slice(0, 60)) + uniqueDvd(texts) - uniqueDvd(texts.slice(0, 90)));
  });

  it('pauses and resumes across the stored pieces of a file larger than one piece', async () => {
    const padding = 'x'.repeat(200);
    const posts = Array.from({ length: 12_000 }, (_, index) => ({
      externalId: `big-${index}`,
      text: index % 4 === 0 ? `${dvdReviews[index % dvdReviews.length]} ${padding}` : `${otherReviews[index % otherReviews.length]} ${padding}`,
    }));
    const file = ndjson(posts);
    expect(Buffer.byteLength(file)).toBeGreaterThan(2 * FILE_PIECE_BYTES);
    const created = await upload(file, { fileName: 'big.ndjson' });
    expect(Number((await rows<{ n: string }>('SELECT count(*) AS n FROM listening_import_chunks WHERE import_id = $1', [created.id]))[0]!.n)).toBe(
      Math.ceil(Buffer.byteLength(file) / FILE_PIECE_BYTES),
    );
    expect(await run(created.id, { maxChunks: 5 })).toMatchObject({ status: 'paused', chunks: 5 });
    expect((await importOf(created.id)).progress).toMatchObject({ linesRead: 5000, lineCheckpoint: 5000 });
    expect(await run(created.id)).toMatchObject({ status: 'done', chunks: 7 });
    const done = await importOf(created.id);
    expect(done.progress).toMatchObject({ linesRead: 12_000, postsAccepted: 12_000, postsMatched: 3000, mentionsStored: 3000, duplicates: 0, rejectedLines: 0 });
    expect(await mentionCount(created.source)).toBe(3000);
  });
});

describe('CSV imports', () => {
  it('reads rows through a guessed mapping into a listening source, rejecting rows with the wrong number of fields or bad dates', async () => {
    const source = await request('POST', '/sources', { type: 'generic', name: 'Old exports' });
    expect(source.status, source.raw).toBe(201);
    const sourceId = (source.body.data as { id: string }).id;
    const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
    const csv = [
      'Post ID,Date,Username,Followers,Text,Sentiment',
      `p1,2024-03-01 09:30,@ada,"1,204",${quote(dvdReviews[0]!)},pos`,
      `p2,2024-03-02,grace,17,"A dvd review on
two lines",neg`,
      `p3,yesterday,linus,5,${quote(dvdReviews[1]!)},neu`,
      `p4,2024-03-04,ken,5,${quote(dvdReviews[2]!)}`,
      `p5,1709546400,dennis,,${quote(dvdReviews[3]!)},pos`,
      `p6,2024-03-06,bjarne,8,${quote(otherReviews[0]!)},pos`,
    ].join('\r\n');
    const created = await upload(csv, { fileName: 'export.csv', sourceId }, 'text/csv');
    expect(created).toMatchObject({ format: 'csv', source: `generic:${sourceId}` });
    expect(created.mapping).toEqual({ 'Post ID': 'externalId', Date: 'publishedAt', Username: 'author.handle', Followers: 'author.followers', Text: 'text', Sentiment: 'skip' });
    expect(await run(created.id)).toMatchObject({ status: 'done' });

    const done = await importOf(created.id);
    expect(done.progress).toMatchObject({ linesRead: 6, postsAccepted: 4, rejectedLines: 2, mentionsStored: 3 });
    expect(done.errors).toEqual([
      { line: 5, message: 'publishedAt (column "Date"): "yesterday" is not a date (use ISO 8601 such as 2024-05-01T12:00:00Z, or Unix seconds)' },
      { line: 6, message: 'has 5 fields where the header has 6' },
    ]);
    const stored = await rows<{ external_id: string; author_handle: string; author_followers: number | null; published_at: Date; text: string }>(
      'SELECT external_id, author_handle, author_followers, published_at, text FROM mentions WHERE source = $1 ORDER BY external_id',
      [created.source],
    );
    expect(stored.map((row) => [row.external_id, row.author_handle, row.author_followers, row.published_at.toISOString()])).toEqual([
      ['p1', 'ada', 1204, '2024-03-01T09:30:00.000Z'],
      ['p2', 'grace', 17, '2024-03-02T00:00:00.000Z'],
      ['p5', 'dennis', null, '2024-03-04T10:00:00.000Z'],
    ]);
    expect(stored[1]!.text).toBe('A dvd review on\ntwo lines');
  });

  it('refuses a mapping without text, and one naming a column the file does not have', async () => {
    const before = (await rows('SELECT 1 FROM listening_imports')).length;
    const csv = 'id,body\n1,a dvd\n';
    const noText = await request('POST', `/listening-imports?${new URLSearchParams({ mapping: JSON.stringify({ id: 'externalId', body: 'skip' }) })}`, csv, 'text/csv');
    expect(noText.status).toBe(400);
    expect(noText.body.error?.code).toBe('listening_import.invalid_mapping');
    const unknown = await request('POST', `/listening-imports?${new URLSearchParams({ mapping: JSON.stringify({ message: 'text' }) })}`, csv, 'text/csv');
    expect(unknown.body.error?.message).toContain('"message" is not a column of the file');
    const notJson = await request('POST', '/listening-imports?mapping=%7Bnope', csv, 'text/csv');
    expect(notJson.status).toBe(400);
    expect(await rows('SELECT 1 FROM listening_imports')).toHaveLength(before);
  });

  it('previews the first rows with the guessed mapping and the lines that would be rejected', async () => {
    const csv = 'tweet_id;created_at;screen_name;full_text\n1;2024-01-01T10:00:00Z;ada;my dvd\n2;soon;bob;other\n';
    const preview = await request('POST', '/listening-imports/preview', csv, 'text/csv');
    expect(preview.status, preview.raw).toBe(200);
    expect(preview.body.data).toMatchObject({
      format: 'csv',
      delimiter: ';',
      headers: ['tweet_id', 'created_at', 'screen_name', 'full_text'],
      rows: [
        ['1', '2024-01-01T10:00:00Z', 'ada', 'my dvd'],
        ['2', 'soon', 'bob', 'other'],
      ],
      mapping: { tweet_id: 'externalId', created_at: 'publishedAt', screen_name: 'author.handle', full_text: 'text' },
      sample: [
        { line: 2, text: 'my dvd', externalId: '1', publishedAt: '2024-01-01T10:00:00.000Z', author: 'ada', error: null },
        { line: 3, text: null, error: expect.stringContaining('"soon" is not a date') },
      ],
    });
    const unmapped = await request('POST', '/listening-imports/preview', 'id,comment body\n1,my dvd\n', 'text/csv');
    expect(unmapped.body.data).toMatchObject({ mapping: { id: 'externalId', 'comment body': 'skip' }, mappingProblem: 'Map one column to the text of the posts.', sample: [] });
    const ndjsonPreview = await request('POST', '/listening-imports/preview', '{"text":"a dvd"}\n{"text":', 'application/x-ndjson');
    expect(ndjsonPreview.body.data).toMatchObject({ format: 'ndjson', sample: [{ line: 1, text: 'a dvd', error: null }, { line: 2, error: expect.stringMatching(/^not valid JSON/) }] });
  });
});

describe('re-imports and cancelling', () => {
  it('stores nothing new when the same file is imported again into the same source', async () => {
    const source = (await request('POST', '/sources', { type: 'generic', name: 'Replays' })).body.data as { id: string };
    const file = ndjson(dvdReviews.slice(100, 120).map((text) => ({ text })));
    const first = await upload(file, { sourceId: source.id });
    await run(first.id);
    const second = await upload(file, { sourceId: source.id });
    await run(second.id);
    expect((await importOf(second.id)).progress).toMatchObject({ postsMatched: 20, mentionsStored: 0, duplicates: 20 });
    expect(await mentionCount(`generic:${source.id}`)).toBe(uniqueDvd(dvdReviews.slice(100, 120)));
  });

  it('cancels a running import: what was stored stays, the rest is never read, and the file is deleted', async () => {
    const texts = dvdReviews.slice(0, 100);
    const created = await upload(ndjson(texts.map((text, index) => ({ externalId: `c${index}`, text }))), { fileName: 'cancel-me.ndjson' });
    await run(created.id, { chunkLines: 20, maxChunks: 2 });
    const cancelled = await request('POST', `/listening-imports/${created.id}/cancel`);
    expect(cancelled.status, cancelled.raw).toBe(200);
    expect((cancelled.body.data as Import).state).toBe('cancelled');
    expect(await run(created.id)).toMatchObject({ status: 'skipped' });
    expect(await mentionCount(created.source)).toBe(uniqueDvd(texts.slice(0, 40)));
    expect(await rows('SELECT 1 FROM listening_import_chunks WHERE import_id = $1', [created.id])).toHaveLength(0);
    const again = await request('POST', `/listening-imports/${created.id}/cancel`);
    expect(again.status).toBe(409);
    const list = (await request('GET', '/listening-imports?limit=200')).body.data as Import[];
    expect(list[0]!.id).toBe(created.id);
  });

  it('stops a run whose import is cancelled between two chunks', async () => {
    const created = await upload(ndjson(dvdReviews.slice(0, 60).map((text, index) => ({ externalId: `s${index}`, text }))), {});
    const result = await run(created.id, {
      chunkLines: 20,
      afterSubmit: async (chunk) => {
        if (chunk === 1) await request('POST', `/listening-imports/${created.id}/cancel`);
      },
    });
    expect(result).toMatchObject({ status: 'stopped', chunks: 0 });
    expect((await importOf(created.id)).state).toBe('cancelled');
  });
});

describe('the record splitter', () => {
  const all = (splitter: RecordSplitter, bytes: Buffer, step: number) => {
    const records: FileRecord[] = [];
    for (let at = 0; at < bytes.length; at += step) for (const record of splitter.push(bytes.subarray(at, at + step))) records.push(record);
    return [...records, ...splitter.end()];
  };

  it('follows quotes, CRLF and a BOM, whatever the pieces, and resumes from any record end', () => {
    const file = Buffer.from('\uFEFFa,b\r\n1,"two\r\nlines"\r\n2,"é, ""q"""\r\n\r\n3,x');
    const whole = all(new RecordSplitter(true), file, file.length);
    expect(whole.map((record) => [record.line, record.text])).toEqual([
      [1, 'a,b'],
      [2, '1,"two\r\nlines"'],
      [4, '2,"é, ""q"""'],
      [5, ''],
      [6, '3,x'],
    ]);
    for (const step of [1, 2, 5]) expect(all(new RecordSplitter(true), file, step)).toEqual(whole);
    const from = whole[1]!;
    const resumed = all(new RecordSplitter(true, from.end, from.line + from.lines - 1), file.subarray(from.end), 3);
    expect(resumed).toEqual(whole.slice(2));
  });

  it('gives up on a quote that never closes at its first line break', () => {
    const records = all(new RecordSplitter(true), Buffer.from(`a,"open\n${'b,c\n'.repeat(300_000)}`), 64 * 1024);
    expect(records[0]).toMatchObject({ line: 1, text: null, problem: 'a quoted field is never closed' });
    expect(records[1]).toMatchObject({ line: 2, text: 'b,c' });
  });
});
