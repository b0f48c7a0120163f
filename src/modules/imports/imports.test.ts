import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { customFieldDefinitions } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { createContact } from '../contacts/commands/create-contact.js';
import type { CustomFieldDefinition } from '../contacts/custom-fields.js';
import { parseCsv } from './csv.js';
import { importContacts } from './jobs/import-contacts.js';
import { suggestMapping } from './mapping.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let ownerMemberId: string;

type Body = { data: Record<string, unknown>; error?: { code: string; message: string; details: Record<string, unknown> } };
type RowError = { row: number; field?: string; message: string };

const inject = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, contentType?: string) => {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...as(owner, ws), ...(contentType ? { 'content-type': contentType } : {}) },
    ...(payload !== undefined ? { payload: payload as string } : {}),
  });
  const isJson = String(response.headers['content-type'] ?? '').includes('json');
  return { status: response.statusCode, body: (isJson ? response.json() : null) as Body, text: response.body, headers: response.headers };
};
const upload = (csv: string, filename = 'people.csv') => inject('POST', `/contact-imports?filename=${filename}`, csv, 'text/csv');
const query = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const contactCount = async () => Number((await query<{ n: string }>('SELECT count(*) AS n FROM contacts WHERE workspace_id = $1', [ws]))[0]!.n);
// graphile-worker hands a job its helpers; the handler only logs through them.
const workerHelpers = { logger: { info: () => {}, error: () => {}, warn: () => {}, debug: () => {} } } as unknown as Parameters<typeof importContacts.handler>[2];
const runJob = (importId: string) => importContacts.handler({ workspaceId: ws, importId }, { db: t.db.database.db }, workerHelpers);
const importRow = async (id: string) => (await inject('GET', `/contact-imports/${id}`)).body.data;

/** Upload → map → start (skipping invalid rows when asked) → run the job here. */
async function importCsv(csv: string, options: Record<string, unknown> = {}, mapping?: Record<string, string>) {
  const uploaded = await upload(csv);
  expect(uploaded.status).toBe(201);
  const id = uploaded.body.data.id as string;
  const patched = await inject('PATCH', `/contact-imports/${id}`, { ...(mapping ? { mapping } : {}), options: { onDuplicate: 'update', skipInvalid: true, ...options } });
  expect(patched.status).toBe(200);
  const started = await inject('POST', `/contact-imports/${id}/start`);
  expect(started.status).toBe(200);
  await runJob(id);
  return { id, result: await importRow(id) };
}

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  ownerMemberId = acme.ownerMemberId;
  await t.db.database.db.insert(customFieldDefinitions).values({
    id: newId('cf'),
    workspaceId: ws,
    entity: 'contact',
    key: 'plan',
    label: 'Plan',
    type: 'select',
    options: ['Gold', 'Silver'],
  });
});
afterAll(async () => t.close());

const ctx = () => ({
  db: t.db.database.db,
  actor: { type: 'user' as const, id: owner.id, label: owner.name },
  workspace: { workspaceId: ws, role: 'owner' as const, memberId: ownerMemberId },
  requestId: null,
  ipAddress: null,
});

describe('column mapping', () => {
  it('suggests a target from common header names and custom field labels', () => {
    const plan = { key: 'plan', label: 'Plan' } as CustomFieldDefinition;
    const mapping = suggestMapping(
      ['E-mail', 'Email Address', 'First name', 'Last Name', 'Twitter', 'Mobile', 'Company', 'Tags', 'Plan', 'Favourite colour', 'Job title'],
      [plan],
    );
    expect(mapping).toEqual({
      'E-mail': 'email',
      'Email Address': 'skip', // email is already taken by the first column
      'First name': 'firstName',
      'Last Name': 'lastName',
      Twitter: 'identity.twitter',
      Mobile: 'phone',
      Company: 'company',
      Tags: 'tags',
      Plan: 'custom.plan',
      'Favourite colour': 'skip',
      'Job title': 'jobTitle',
    });
  });

  it('answers headers, a preview and the suggestion on upload, and refuses files that are not CSV', async () => {
    const uploaded = await upload('Full Name,Email Address,Phone\nAda Lovelace,ada@example.org,+44 20 7946 0958\n');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.data).toMatchObject({
      status: 'uploaded',
      headers: ['Full Name', 'Email Address', 'Phone'],
      totalRows: 1,
      preview: [['Ada Lovelace', 'ada@example.org', '+44 20 7946 0958']],
      suggestedMapping: { 'Full Name': 'name', 'Email Address': 'email', Phone: 'phone' },
    });
    expect((uploaded.body.data.targets as { value: string }[]).map((target) => target.value)).toContain('custom.plan');

    const empty = await upload('');
    expect(empty.status).toBe(400);
    const blank = await upload('\n\n');
    expect(blank.body.error).toMatchObject({ code: 'import.invalid_file' });
    const binary = await upload('PK\u0003\u0004\u0000\u0000binary');
    expect(binary.body.error?.message).toMatch(/not a CSV/);
    const unterminated = await upload('name,email\n"Ada,ada@example.org\n');
    expect(unterminated.body.error?.code).toBe('import.invalid_file');
  });

  it('refuses a mapping to an unknown target or a column that is not in the file', async () => {
    const uploaded = await upload('Name,Email\nAda,ada@example.org\n');
    const id = uploaded.body.data.id as string;
    const bad = await inject('PATCH', `/contact-imports/${id}`, { mapping: { Name: 'name', Email: 'custom.nope', Other: 'phone' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.message).toMatch(/Email/);
    expect(bad.body.error!.message).toMatch(/Other is not a column/);
  });
});

describe('validation', () => {
  const csv = [
    'Name,E-mail,Mobile,Twitter,Plan,Tags',
    'Ada Lovelace,ada@example.com,+44 20 7946 0958,@ada_l,gold,"vip; speaker"',
    'Bad Email,not-an-email,,,,',
    'Bad Phone,bp@example.com,12,,,',
    'Bad Plan,plan@example.com,,,Platinum,',
    ',,,,,lonely-tag',
    'Ada Again,ADA@example.com,,,,',
    '',
    'Grace Hopper,grace@example.com,,,silver,',
  ].join('\n');

  it('reports each invalid row with its row number, column and reason, and writes nothing', async () => {
    const uploaded = await upload(csv);
    const id = uploaded.body.data.id as string;
    const validation = await inject('POST', `/contact-imports/${id}/validate`);
    expect(validation.status).toBe(200);
    expect(validation.body.data).toMatchObject({ totalRows: 8, validRows: 2, invalidRows: 5, blankRows: 1, errorCount: 5 });
    const errors = validation.body.data.errors as RowError[];
    expect(errors).toEqual([
      { row: 3, field: 'E-mail', message: '"not-an-email" is not an email address' },
      { row: 4, field: 'Mobile', message: expect.stringMatching(/"12" is not a phone number/) as string },
      { row: 5, field: 'Plan', message: expect.stringMatching(/Plan must be one of: Gold, Silver/) as string },
      { row: 6, message: 'needs a name, an email, a phone or a handle' },
      { row: 7, message: 'duplicate of row 2 (same email)' },
    ]);
    expect(await contactCount()).toBe(0);

    // The import keeps the errors, and errors.csv lists the bad rows with the reason.
    expect(await importRow(id)).toMatchObject({ errorCount: 5 });
    const errorsCsv = await inject('GET', `/contact-imports/${id}/errors.csv`);
    expect(errorsCsv.status).toBe(200);
    expect(errorsCsv.headers['content-disposition']).toBe('attachment; filename="people-errors.csv"');
    const reparsed = parseCsv(errorsCsv.text);
    expect(reparsed.headers).toEqual(['Name', 'E-mail', 'Mobile', 'Twitter', 'Plan', 'Tags', 'error']);
    expect(reparsed.rows).toHaveLength(5);
    expect(reparsed.rows[0]).toEqual(['Bad Email', 'not-an-email', '', '', '', '', 'E-mail: "not-an-email" is not an email address']);
  });

  it('refuses to start while rows are invalid, unless told to skip them', async () => {
    const uploaded = await upload(csv);
    const id = uploaded.body.data.id as string;
    const refused = await inject('POST', `/contact-imports/${id}/start`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'import.invalid_rows', details: { invalidRows: 5 } });
    expect((await importRow(id)).status).toBe('uploaded');
    expect(await contactCount()).toBe(0);
    const jobs = await query<{ n: string }>("SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'contacts.import'");
    expect(Number(jobs[0]!.n)).toBe(0);

    await inject('PATCH', `/contact-imports/${id}`, { options: { onDuplicate: 'update', skipInvalid: true, tags: ['imported'] } });
    const started = await inject('POST', `/contact-imports/${id}/start`);
    expect(started.status).toBe(200);
    expect(started.body.data.status).toBe('importing');
    const queued = await query<{ key: string }>("SELECT key FROM graphile_worker.jobs WHERE task_identifier = 'contacts.import'");
    expect(queued.map((job) => job.key)).toEqual([`contacts.import:${id}`]);

    await runJob(id);
    expect(await importRow(id)).toMatchObject({ status: 'completed', processedRows: 8, createdCount: 2, updatedCount: 0, skippedCount: 6 });
    const rows = await query<{ name: string; email: string; phone: string | null; tags: string[]; custom_fields: Record<string, unknown>; source: string }>(
      'SELECT name, email, phone, tags, custom_fields, source FROM contacts WHERE workspace_id = $1 ORDER BY name',
      [ws],
    );
    expect(rows).toEqual([
      { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+442079460958', tags: ['imported', 'speaker', 'vip'], custom_fields: { plan: 'Gold' }, source: 'import' },
      { name: 'Grace Hopper', email: 'grace@example.com', phone: null, tags: ['imported'], custom_fields: { plan: 'Silver' }, source: 'import' },
    ]);
    const identities = await query<{ channel: string; external_id: string }>(
      "SELECT i.channel, i.external_id FROM identities i JOIN contacts c ON c.id = i.contact_id WHERE c.name = 'Ada Lovelace' AND c.workspace_id = $1 ORDER BY channel",
      [ws],
    );
    expect(identities).toEqual([
      { channel: 'email', external_id: 'ada@example.com' },
      { channel: 'phone', external_id: '+442079460958' },
      { channel: 'twitter', external_id: 'handle:ada_l' },
    ]);
    // One audit event with counts and no personal data.
    const audit = await query<{ after: Record<string, unknown> }>("SELECT after FROM audit_events WHERE action = 'contact_import.completed' AND entity_id = $1", [id]);
    expect(audit).toEqual([{ after: { totalRows: 8, created: 2, updated: 0, skipped: 6, invalidRows: 5 } }]);
    expect(JSON.stringify(audit)).not.toContain('ada');

    // Running the job again changes nothing.
    await runJob(id);
    expect(await importRow(id)).toMatchObject({ createdCount: 2, processedRows: 8 });
    expect(await contactCount()).toBe(2);
  });
});

describe('de-duplication', () => {
  it('updates the mapped fields of an existing contact, or skips it', async () => {
    const existing = await createContact(ctx(), { name: 'Alan Turing', email: 'alan@example.com', jobTitle: 'Mathematician', tags: ['early'] });
    const byPhone = await createContact(ctx(), { name: 'Katherine Johnson', phone: '+1 415 555 0100' });

    const skipped = await importCsv('name,email,job title,phone\nAlan T.,Alan@Example.com,Codebreaker,\nKJ,,Computer,+14155550100\n', { onDuplicate: 'skip' });
    expect(skipped.result).toMatchObject({ createdCount: 0, updatedCount: 0, skippedCount: 2 });
    const [unchanged] = await query<{ name: string; job_title: string }>('SELECT name, job_title FROM contacts WHERE id = $1', [existing.id]);
    expect(unchanged).toEqual({ name: 'Alan Turing', job_title: 'Mathematician' });

    const updated = await importCsv('name,email,job title,phone,tags\nAlan Turing,alan@example.com,Codebreaker,,bletchley\nKatherine Johnson,,Computer,+1 (415) 555-0100,\nNew Person,new@example.com,,,\n');
    expect(updated.result).toMatchObject({ createdCount: 1, updatedCount: 2, skippedCount: 0 });
    const [alan] = await query<{ job_title: string; tags: string[] }>('SELECT job_title, tags FROM contacts WHERE id = $1', [existing.id]);
    expect(alan).toEqual({ job_title: 'Codebreaker', tags: ['bletchley', 'early'] });
    const [katherine] = await query<{ job_title: string }>('SELECT job_title FROM contacts WHERE id = $1', [byPhone.id]);
    expect(katherine!.job_title).toBe('Computer');
    const alans = await query<{ n: string }>("SELECT count(*) AS n FROM contacts WHERE workspace_id = $1 AND lower(email) = 'alan@example.com'", [ws]);
    expect(Number(alans[0]!.n)).toBe(1);
  });

  it('makes one contact of rows of the same file that share an email or handle', async () => {
    const { result } = await importCsv('name,email,twitter\nMary Dup,mary@example.com,@marydup\nMary D.,MARY@example.com,\nMary Twin,,@MaryDup\n');
    expect(result).toMatchObject({ createdCount: 1, skippedCount: 2, errorCount: 2 });
    const marys = await query<{ name: string }>("SELECT name FROM contacts WHERE workspace_id = $1 AND name LIKE 'Mary%'", [ws]);
    expect(marys).toEqual([{ name: 'Mary Dup' }]);
  });

  it('finds or creates companies by name', async () => {
    await importCsv('name,email,company\nCo One,co1@example.com,Initech\nCo Two,co2@example.com,INITECH\n');
    const companies = await query<{ name: string; n: string }>(
      "SELECT co.name, count(c.id) AS n FROM companies co JOIN contacts c ON c.company_id = co.id WHERE co.workspace_id = $1 AND lower(co.name) = 'initech' GROUP BY co.name",
      [ws],
    );
    expect(companies).toEqual([{ name: 'Initech', n: '2' }]);
  });
});

describe('file formats and batches', () => {
  it('reads a semicolon-separated file with a BOM, CRLF and a quoted field spanning lines', async () => {
    const csv = '\ufeffNom;Email;Tags\r\n"Lovelace; Ada";ada.semi@example.com;"a,b"\r\n"Multi\r\nLine";multi@example.com;c\r\nBad;bad@;\r\n';
    const uploaded = await upload(csv);
    expect(uploaded.body.data).toMatchObject({ headers: ['Nom', 'Email', 'Tags'], totalRows: 3 });
    const id = uploaded.body.data.id as string;
    await inject('PATCH', `/contact-imports/${id}`, { mapping: { Nom: 'name', Email: 'email', Tags: 'tags' } });
    const validation = await inject('POST', `/contact-imports/${id}/validate`);
    expect(validation.body.data.errors).toEqual([{ row: 4, field: 'Email', message: '"bad@" is not an email address' }]);
    await inject('PATCH', `/contact-imports/${id}`, { options: { onDuplicate: 'update', skipInvalid: true } });
    await inject('POST', `/contact-imports/${id}/start`);
    await runJob(id);
    const rows = await query<{ name: string; tags: string[] }>(
      "SELECT name, tags FROM contacts WHERE workspace_id = $1 AND email IN ('ada.semi@example.com', 'multi@example.com') ORDER BY email",
      [ws],
    );
    expect(rows).toEqual([
      { name: 'Lovelace; Ada', tags: ['a', 'b'] },
      { name: 'Multi\r\nLine', tags: ['c'] },
    ]);
  });

  it('resumes after the last committed batch', async () => {
    const lines = ['name,email'];
    for (let i = 0; i < 2500; i++) lines.push(`Batch Person ${i},batch${i}@example.com`);
    const uploaded = await upload(lines.join('\n'));
    const id = uploaded.body.data.id as string;
    expect((await inject('POST', `/contact-imports/${id}/start`)).status).toBe(200);
    // As if a first run committed batch 0 (rows 1–1,000) and then the worker died.
    await t.db.database.db.execute(sql`UPDATE contact_imports SET processed_rows = 1000, created_count = 1000 WHERE id = ${id}`);
    await t.db.database.db.execute(sql`INSERT INTO contact_import_batches (import_id, batch) VALUES (${id}, 0)`);
    await runJob(id);
    expect(await importRow(id)).toMatchObject({ status: 'completed', processedRows: 2500, createdCount: 2500 });
    const created = await query<{ n: string; min: string }>(
      "SELECT count(*) AS n, min(email) AS min FROM contacts WHERE workspace_id = $1 AND email LIKE 'batch%'",
      [ws],
    );
    // Rows 1–1,000 were "already done", so only the last 1,500 were written now.
    expect(Number(created[0]!.n)).toBe(1500);
    expect(created[0]!.min).toBe('batch1000@example.com');
    const events = await query<{ n: string }>("SELECT count(*) AS n FROM audit_events WHERE action = 'contact_import.completed' AND entity_id = $1", [id]);
    expect(events[0]!.n).toBe('1');
  });
});

describe('exports', () => {
  it('streams the filtered contact list as CSV and as JSON, and audits the export without personal data', async () => {
    const csv = await inject('GET', '/contacts/export?format=csv&tag=imported');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const parsed = parseCsv(csv.text);
    expect(parsed.headers).toEqual(expect.arrayContaining(['Name', 'Email', 'Phone', 'Tags', 'Twitter', 'Plan']));
    const emailAt = parsed.headers.indexOf('Email');
    expect(parsed.rows.map((row) => row[emailAt]).sort()).toEqual(['ada@example.com', 'grace@example.com']);
    const ada = parsed.rows.find((row) => row[emailAt] === 'ada@example.com')!;
    expect(ada[parsed.headers.indexOf('Twitter')]).toBe('ada_l');
    expect(ada[parsed.headers.indexOf('Phone')]).toBe('+442079460958');

    const json = await inject('GET', '/contacts/export?format=json&q=grace');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const list = JSON.parse(json.text) as { email: string; tags: string[]; 'customFields.plan': string }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ email: 'grace@example.com', tags: ['imported'], 'customFields.plan': 'Silver' });

    const all = JSON.parse((await inject('GET', '/contacts/export?format=json')).text) as unknown[];
    expect(all.length).toBe(await contactCount());
    const none = await inject('GET', '/contacts/export?format=json&tag=nobody');
    expect(JSON.parse(none.text)).toEqual([]);

    const audit = await query<{ after: Record<string, unknown> }>("SELECT after FROM audit_events WHERE action = 'contacts.exported' AND workspace_id = $1 ORDER BY id", [ws]);
    expect(audit[0]!.after).toEqual({ format: 'csv', filters: ['order=desc', 'sort=createdAt', 'tag=imported'], count: 2, complete: true });
    expect(audit[1]!.after).toMatchObject({ format: 'json', filters: expect.arrayContaining(['q']) as string[], count: 1 });
    expect(JSON.stringify(audit)).not.toContain('grace');
  });

  it('exports companies', async () => {
    const response = await inject('GET', '/companies/export?format=csv&q=init');
    const parsed = parseCsv(response.text);
    expect(parsed.rows.map((row) => row[parsed.headers.indexOf('Name')])).toEqual(['Initech']);
  });

  it('writes each batch once when two runs of the job overlap', async () => {
    const lines = ['name,email'];
    for (let i = 0; i < 3500; i++) lines.push(`Twin Run ${i},twin${i}@example.com`);
    const uploaded = await upload(lines.join('\n'));
    const id = uploaded.body.data.id as string;
    expect((await inject('POST', `/contact-imports/${id}/start`)).status).toBe(200);
    await Promise.all([runJob(id), runJob(id)]);
    expect(await importRow(id)).toMatchObject({ status: 'completed', processedRows: 3500, createdCount: 3500 });
    const created = await query<{ n: string }>("SELECT count(*) AS n FROM contacts WHERE workspace_id = $1 AND email LIKE 'twin%'", [ws]);
    expect(created[0]!.n).toBe('3500');
    const events = await query<{ n: string }>("SELECT count(*) AS n FROM audit_events WHERE action = 'contact_import.completed' AND entity_id = $1", [id]);
    expect(events[0]!.n).toBe('1');
  });
});
