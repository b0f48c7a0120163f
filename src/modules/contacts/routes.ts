// HTTP routes of the CRM core: contacts, identities and their resolution, consents, the timeline,
// duplicates, merges, companies, custom fields and segments.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { interactionKinds, identityChannels, type DuplicateReason } from '../../db/schema.js';
import type { ApiRoutesDeps } from '../../server/app.js';
import { AppError, notFound } from '../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../server/http.js';
import { listCustomFields } from './custom-fields.js';
import { contactListQuerySchema } from './filters.js';
import { countContacts, listContacts } from './list-contacts.js';
import { createContact, contactCreateSchema } from './commands/create-contact.js';
import { suggestDuplicates } from './commands/find-duplicates.js';
import { getContact } from './commands/get-contact.js';
import { addIdentity, removeIdentity } from './commands/manage-identities.js';
import { companyInputSchema, createCompany, deleteCompany, findCompany, listCompanies, updateCompany } from './commands/manage-companies.js';
import { createCustomField, customFieldInputSchema, customFieldUpdateSchema, deleteCustomField, updateCustomField } from './commands/manage-custom-fields.js';
import { createSegment, deleteSegment, listSegments, segmentInputSchema, updateSegment } from './commands/manage-segments.js';
import { mergeContacts, mergeInputSchema, unmergeContacts } from './commands/merge-contacts.js';
import { recordInteraction } from './commands/record-interaction.js';
import { resolveIdentity, resolveIdentityInputSchema } from './commands/resolve-identity.js';
import { consentInputSchema, setConsent } from './commands/set-consent.js';
import { contactUpdateSchema, updateContact } from './commands/update-contact.js';
import { bulkEditContacts, bulkEditSchema } from './commands/bulk-edit-contacts.js';
import { identityInputSchema } from './identity.js';
import { findSegment } from './list-contacts.js';
import * as repo from './repository.js';
import * as s from './schema.js';
import { ENGAGEMENT_FORMULA, INFLUENCE_FORMULA } from './signals.js';

const tags = (tag: string) => ({ tags: [tag] });

export const contactRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  const withChannels = async (workspaceId: string, rows: repo.ContactRow[]) => {
    const identities = await repo.identitiesOf(db, workspaceId, rows.map((row) => row.id));
    return rows.map((row) => s.presentContact(row, identities.filter((identity) => identity.contactId === row.id && identity.channel !== 'email' && identity.channel !== 'phone')));
  };

  const detail = async (workspaceId: string, contactId: string) => {
    const contact = await getContact(db, workspaceId, contactId);
    const [identities, consents, family, company] = await Promise.all([
      repo.identitiesOf(db, workspaceId, [contact.id]),
      repo.consentsOf(db, workspaceId, contact.id),
      repo.mergedFamily(db, workspaceId, contact.id),
      contact.companyId ? findCompany(db, workspaceId, contact.companyId) : Promise.resolve(undefined),
    ]);
    const reach = new Map<(typeof identityChannels)[number], number>();
    for (const identity of identities) if (identity.followers !== null) reach.set(identity.channel, (reach.get(identity.channel) ?? 0) + identity.followers);
    return {
      ...s.presentContact(contact, identities.filter((identity) => identity.channel !== 'email' && identity.channel !== 'phone')),
      identities: identities.map(s.presentIdentity),
      consents: consents.map((consent) => ({ channel: consent.channel, status: consent.status, method: consent.method, note: consent.note, recordedAt: consent.recordedAt.toISOString(), recordedBy: consent.recordedBy })),
      company: company ? { id: company.id, name: company.name } : null,
      reach: [...reach.entries()].map(([channel, followers]) => ({ channel, followers })).sort((a, b) => b.followers - a.followers),
      mergedContactIds: family.filter((id) => id !== contact.id),
    };
  };

  // --- contacts ---

  app.get('/contacts', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('contacts'), summary: 'List and search contacts', description: 'q searches names, @handles, emails and phone numbers. Combine quick filters, a saved segment (segmentId) and an ad-hoc filter (JSON).', querystring: contactListQuerySchema, response: { 200: listOf(s.contactSchema), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const result = await listContacts(db, workspaceId, request.query);
    return { data: await withChannels(workspaceId, result.data), nextCursor: result.nextCursor };
  });

  app.get('/contacts/count', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('contacts'), summary: 'How many contacts a list query matches', querystring: contactListQuerySchema.omit({ limit: true, cursor: true, sort: true, order: true }), response: { 200: dataOf(z.object({ count: z.number().int() })), ...errorResponses } },
  }, async (request) => ({ data: { count: await countContacts(db, request.workspaceAccess!.workspaceId, request.query) } }));

  app.post('/contacts', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('contacts'), summary: 'Create a contact', body: contactCreateSchema, response: { 201: dataOf(s.contactDetailSchema), ...errorResponses } },
  }, async (request, reply) => {
    const contact = await createContact(commandContext(db, request), request.body);
    return created(reply, { data: await detail(request.workspaceAccess!.workspaceId, contact.id) });
  });

  app.post('/contacts/bulk', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('contacts'), summary: 'Change owner, lifecycle stage or tags of many contacts', body: bulkEditSchema, response: { 200: dataOf(z.object({ updated: z.number().int() })), ...errorResponses } },
  }, async (request) => ({ data: { updated: await bulkEditContacts(commandContext(db, request), request.body) } }));

  app.get('/contacts/signals', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('contacts'), summary: 'How social signals are computed', response: { 200: dataOf(z.object({ influence: z.string(), engagement: z.string() })), ...errorResponses } },
  }, async () => ({ data: { influence: INFLUENCE_FORMULA, engagement: ENGAGEMENT_FORMULA } }));

  app.get('/contacts/:id', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('contacts'), summary: 'One contact with identities, consents and signals (a merged id answers with the contact it was merged into)', params: idParams, response: { 200: dataOf(s.contactDetailSchema), ...errorResponses } },
  }, async (request) => ({ data: await detail(request.workspaceAccess!.workspaceId, request.params.id) }));

  app.patch('/contacts/:id', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('contacts'), summary: 'Change a contact', params: idParams, body: contactUpdateSchema, response: { 200: dataOf(s.contactDetailSchema), ...errorResponses } },
  }, async (request) => {
    const contact = await updateContact(commandContext(db, request), request.params.id, request.body);
    return { data: await detail(request.workspaceAccess!.workspaceId, contact.id) };
  });

  app.post('/contacts/:id/identities', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('contacts'), summary: 'Add an identity to a contact', params: idParams, body: identityInputSchema, response: { 201: dataOf(s.identitySchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentIdentity(await addIdentity(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/contacts/:id/identities/:identityId', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('contacts'), summary: 'Detach an identity from a contact', params: z.object({ id: z.string().max(100), identityId: z.string().max(100) }), response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await removeIdentity(commandContext(db, request), request.params.id, request.params.identityId);
    return reply.code(204).send(null);
  });

  app.put('/contacts/:id/consents/:channel', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('contacts'), summary: 'Record consent (or its withdrawal) to message a contact on a channel', params: z.object({ id: z.string().max(100), channel: z.string().min(1).max(50) }), body: consentInputSchema, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await setConsent(commandContext(db, request), request.params.id, request.params.channel, request.body);
    return reply.code(204).send(null);
  });

  // --- timeline ---

  const timelineQuery = z.object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
    kind: z.string().max(300).optional().describe(`Comma-separated kinds: ${interactionKinds.join(', ')}`),
    channel: z.string().max(300).optional().describe('Comma-separated channels'),
  });

  app.get('/contacts/:id/interactions', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('timeline'), summary: "The contact's timeline, newest first (includes contacts merged into it)", params: idParams, querystring: timelineQuery, response: { 200: listOf(s.interactionSchema), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const contact = await getContact(db, workspaceId, request.params.id);
    const family = await repo.mergedFamily(db, workspaceId, contact.id);
    const { limit, cursor, kind, channel } = request.query;
    let before: { at: string; id: string } | null = null;
    if (cursor) {
      try {
        const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
        before = { at, id };
      } catch {
        before = null;
      }
    }
    const rows = await repo.timelineOf(db, workspaceId, family, { kinds: kind?.split(','), channels: channel?.split(','), before }, limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map(s.presentInteraction),
      nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.occurredAt.toISOString(), String(last.id)])).toString('base64url') : null,
    };
  });

  app.post('/contacts/:id/interactions', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('timeline'), summary: 'Log an interaction (a call, an email, an order…) on the timeline', params: idParams, body: s.logInteractionSchema, response: { 201: dataOf(z.object({ id: z.string().nullable(), duplicate: z.boolean() })), ...errorResponses } },
  }, async (request, reply) => {
    const ctx = commandContext(db, request);
    const workspaceId = ctx.workspace.workspaceId;
    const id = await db.transaction(async (tx) => {
      const contact = await getContact(tx, workspaceId, request.params.id);
      return recordInteraction(tx, {
        workspaceId,
        contactId: contact.id,
        ...request.body,
        occurredAt: request.body.occurredAt ? new Date(request.body.occurredAt) : new Date(),
        sourceModule: ctx.actor.type === 'api_key' ? `api:${ctx.actor.id}` : 'manual',
        sourceId: request.body.sourceId ?? `${request.id}`,
        actorMemberId: ctx.workspace.memberId,
      });
    });
    return created(reply, { data: { id: id === null ? null : String(id), duplicate: id === null } });
  });

  app.get('/contacts/:id/summary', {
    config: workspaceAccess('contacts.read'),
    schema: {
      ...tags('timeline'),
      summary: 'Per-channel summary (count, last contact, sentiment) and the weekly sentiment trend',
      params: idParams,
      querystring: z.object({ weeks: z.coerce.number().int().min(1).max(104).default(26) }),
      response: {
        200: dataOf(z.object({
          channels: z.array(z.object({ channel: z.string(), count: z.number().int(), lastAt: z.iso.datetime(), sentiment: z.number().nullable() })),
          sentimentTrend: z.array(z.object({ week: z.string(), average: z.number(), count: z.number().int() })),
        })),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const contact = await getContact(db, workspaceId, request.params.id);
    const family = await repo.mergedFamily(db, workspaceId, contact.id);
    const [channels, trend] = await Promise.all([repo.channelSummary(db, workspaceId, family), repo.sentimentTrend(db, workspaceId, family, request.query.weeks)]);
    return {
      data: {
        channels: channels.map((row) => ({ channel: row.channel, count: row.count, lastAt: new Date(row.lastAt).toISOString(), sentiment: row.sentiment })),
        sentimentTrend: trend,
      },
    };
  });

  // --- identity resolution, duplicates and merges ---

  app.post('/identities/resolve', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('identities'), summary: 'Resolve a public identity to its contact (creating one when nobody matches)', body: resolveIdentityInputSchema, response: { 200: dataOf(z.object({ contactId: z.string(), identityId: z.string(), createdContact: z.boolean(), createdIdentity: z.boolean() })), ...errorResponses } },
  }, async (request) => {
    const ctx = commandContext(db, request);
    return { data: await resolveIdentity(db, ctx.workspace.workspaceId, ctx.actor, request.body) };
  });

  const duplicateSchema = z
    .object({
      id: z.string(),
      score: z.number(),
      reasons: z.array(z.object({ kind: z.string(), detail: z.string(), weight: z.number() })),
      status: z.enum(['open', 'merged', 'dismissed']),
      contacts: z.array(s.contactSchema).length(2),
      createdAt: z.iso.datetime(),
    })
    .meta({ id: 'DuplicateSuggestion' });

  app.get('/duplicates', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('duplicates'), summary: 'Probable duplicates to review, most likely first', querystring: z.object({ status: z.enum(['open', 'merged', 'dismissed']).default('open'), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() }), response: { 200: listOf(duplicateSchema), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const { status, limit, cursor } = request.query;
    let after: { score: number; id: string } | null = null;
    if (cursor) {
      try {
        const [score, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [number, string];
        after = { score, id };
      } catch {
        after = null;
      }
    }
    const rows = await repo.listDuplicates(db, workspaceId, status, after, limit);
    const page = rows.slice(0, limit);
    const contactIds = [...new Set(page.flatMap((row) => [row.contactAId, row.contactBId]))];
    const contactRows = contactIds.length ? await repo.contactsByIds(db, workspaceId, contactIds) : [];
    const presented = new Map((await withChannels(workspaceId, contactRows)).map((contact) => [contact.id, contact]));
    const last = page[page.length - 1];
    return {
      data: page
        .filter((row) => presented.has(row.contactAId) && presented.has(row.contactBId))
        .map((row) => ({ id: row.id, score: row.score, reasons: row.reasons as DuplicateReason[], status: row.status, contacts: [presented.get(row.contactAId)!, presented.get(row.contactBId)!], createdAt: row.createdAt.toISOString() })),
      nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.score, last.id])).toString('base64url') : null,
    };
  });

  app.post('/duplicates/:id/dismiss', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('duplicates'), summary: 'Not the same person: dismiss the suggestion', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const ctx = commandContext(db, request);
    const suggestion = await repo.findDuplicate(db, ctx.workspace.workspaceId, request.params.id);
    if (!suggestion) throw notFound('duplicate', request.params.id);
    await repo.decideDuplicate(db, ctx.workspace.workspaceId, suggestion.id, 'dismissed', ctx.actor.label);
    return reply.code(204).send(null);
  });

  app.post('/duplicates/bulk', {
    config: workspaceAccess('contacts.manage'),
    schema: {
      ...tags('duplicates'),
      summary: 'Dismiss or merge many suggestions (merge keeps the older contact and fills its empty fields from the other)',
      body: z.object({ ids: z.array(z.string().max(100)).min(1).max(200), action: z.enum(['dismiss', 'merge']) }),
      response: { 200: dataOf(z.object({ results: z.array(z.object({ id: z.string(), ok: z.boolean(), mergeId: z.string().nullable(), error: z.string().nullable() })) })), ...errorResponses },
    },
  }, async (request) => {
    const ctx = commandContext(db, request);
    const results = [];
    for (const id of request.body.ids) {
      try {
        const suggestion = await repo.findDuplicate(db, ctx.workspace.workspaceId, id);
        if (!suggestion || suggestion.status !== 'open') throw notFound('duplicate', id);
        if (request.body.action === 'dismiss') {
          await repo.decideDuplicate(db, ctx.workspace.workspaceId, id, 'dismissed', ctx.actor.label);
          results.push({ id, ok: true, mergeId: null, error: null });
        } else {
          const [a, b] = await repo.contactsByIds(db, ctx.workspace.workspaceId, [suggestion.contactAId, suggestion.contactBId]);
          if (!a || !b) throw notFound('contact');
          const [winner, loser] = a.createdAt <= b.createdAt ? [a, b] : [b, a];
          const merge = await mergeContacts(ctx, { winnerId: winner.id, loserId: loser.id, fieldChoices: {} });
          results.push({ id, ok: true, mergeId: merge.id, error: null });
        }
      } catch (error) {
        results.push({ id, ok: false, mergeId: null, error: error instanceof AppError ? error.message : 'failed' });
        if (!(error instanceof AppError)) request.log.error({ err: error }, 'bulk duplicate action failed');
      }
    }
    return { data: { results } };
  });

  app.post('/contacts/:id/find-duplicates', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('duplicates'), summary: 'Look for probable duplicates of this contact now', params: idParams, response: { 200: dataOf(z.object({ found: z.number().int() })), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const contact = await getContact(db, workspaceId, request.params.id);
    return { data: { found: await suggestDuplicates(db, workspaceId, contact.id) } };
  });

  const mergeSchema = z
    .object({ id: z.string(), winnerId: z.string(), loserId: z.string(), fieldChoices: z.record(z.string(), z.enum(['winner', 'loser'])), mergedBy: z.string().nullable(), createdAt: z.iso.datetime(), unmergedAt: z.iso.datetime().nullable() })
    .meta({ id: 'ContactMerge' });
  const presentMerge = (row: repo.MergeRow) => ({ id: row.id, winnerId: row.winnerId, loserId: row.loserId, fieldChoices: row.fieldChoices, mergedBy: row.mergedBy, createdAt: row.createdAt.toISOString(), unmergedAt: row.unmergedAt?.toISOString() ?? null });

  app.post('/contacts/merge', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('duplicates'), summary: 'Merge two contacts, choosing field by field', body: mergeInputSchema, response: { 201: dataOf(mergeSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: presentMerge(await mergeContacts(commandContext(db, request), request.body)) }));

  app.get('/contacts/:id/merges', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('duplicates'), summary: 'Merges this contact took part in, newest first', params: idParams, response: { 200: listOf(mergeSchema), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const contact = await getContact(db, workspaceId, request.params.id);
    return { data: (await repo.mergesOf(db, workspaceId, contact.id)).map(presentMerge), nextCursor: null };
  });

  app.post('/merges/:id/unmerge', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('duplicates'), summary: 'Undo a merge: both contacts as they were', params: idParams, response: { 200: dataOf(z.object({ winnerId: z.string(), loserId: z.string() })), ...errorResponses } },
  }, async (request) => ({ data: await unmergeContacts(commandContext(db, request), request.params.id) }));

  // --- companies ---

  app.get('/companies', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('companies'), summary: 'List companies', querystring: z.object({ q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(500).optional() }), response: { 200: listOf(s.companySchema), ...errorResponses } },
  }, async (request) => {
    const result = await listCompanies(db, request.workspaceAccess!.workspaceId, request.query);
    return { data: result.data.map((row) => s.presentCompany(row.company, row.contactCount)), nextCursor: result.nextCursor };
  });

  app.post('/companies', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('companies'), summary: 'Create a company', body: companyInputSchema, response: { 201: dataOf(s.companySchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentCompany(await createCompany(commandContext(db, request), request.body)) }));

  app.get('/companies/:id', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('companies'), summary: 'One company', params: idParams, response: { 200: dataOf(s.companySchema), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const company = await findCompany(db, workspaceId, request.params.id);
    if (!company) throw notFound('company', request.params.id);
    return { data: s.presentCompany(company, await countContacts(db, workspaceId, { companyId: company.id })) };
  });

  app.patch('/companies/:id', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('companies'), summary: 'Change a company', params: idParams, body: companyInputSchema.partial(), response: { 200: dataOf(s.companySchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentCompany(await updateCompany(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/companies/:id', {
    config: workspaceAccess('contacts.manage'),
    schema: { ...tags('companies'), summary: 'Delete a company (its contacts stay, without a company)', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteCompany(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  // --- custom fields ---

  app.get('/custom-fields', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('custom-fields'), summary: 'Custom field definitions', querystring: z.object({ entity: z.enum(['contact', 'company', 'deal']).optional() }), response: { 200: listOf(s.customFieldSchema), ...errorResponses } },
  }, async (request) => ({ data: (await listCustomFields(db, request.workspaceAccess!.workspaceId, request.query.entity)).map(s.presentCustomField), nextCursor: null }));

  app.post('/custom-fields', {
    config: workspaceAccess('custom_fields.manage'),
    schema: { ...tags('custom-fields'), summary: 'Define a custom field', body: customFieldInputSchema, response: { 201: dataOf(s.customFieldSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentCustomField(await createCustomField(commandContext(db, request), request.body)) }));

  app.patch('/custom-fields/:id', {
    config: workspaceAccess('custom_fields.manage'),
    schema: { ...tags('custom-fields'), summary: 'Change a custom field', params: idParams, body: customFieldUpdateSchema, response: { 200: dataOf(s.customFieldSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentCustomField(await updateCustomField(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/custom-fields/:id', {
    config: workspaceAccess('custom_fields.manage'),
    schema: { ...tags('custom-fields'), summary: 'Delete a custom field and its values', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteCustomField(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  // --- segments ---

  const segmentSchema = z
    .object({ id: z.string(), name: z.string(), description: z.string(), filter: z.record(z.string(), z.unknown()), createdBy: z.string().nullable(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() })
    .meta({ id: 'Segment' });
  const presentSegment = (row: NonNullable<Awaited<ReturnType<typeof findSegment>>>) => ({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), workspaceId: undefined });

  app.get('/segments', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('segments'), summary: 'Saved segments', response: { 200: listOf(segmentSchema), ...errorResponses } },
  }, async (request) => ({ data: (await listSegments(db, request.workspaceAccess!.workspaceId)).map(presentSegment), nextCursor: null }));

  app.post('/segments', {
    config: workspaceAccess('segments.manage'),
    schema: { ...tags('segments'), summary: 'Save a segment', body: segmentInputSchema, response: { 201: dataOf(segmentSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: presentSegment(await createSegment(commandContext(db, request), request.body)) }));

  app.get('/segments/:id', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('segments'), summary: 'One segment with its current size', params: idParams, response: { 200: dataOf(segmentSchema.extend({ count: z.number().int() })), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const segment = await findSegment(db, workspaceId, request.params.id);
    if (!segment) throw notFound('segment', request.params.id);
    return { data: { ...presentSegment(segment), count: await countContacts(db, workspaceId, { segmentId: segment.id }) } };
  });

  app.patch('/segments/:id', {
    config: workspaceAccess('segments.manage'),
    schema: { ...tags('segments'), summary: 'Change a segment', params: idParams, body: segmentInputSchema.partial(), response: { 200: dataOf(segmentSchema), ...errorResponses } },
  }, async (request) => ({ data: presentSegment(await updateSegment(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/segments/:id', {
    config: workspaceAccess('segments.manage'),
    schema: { ...tags('segments'), summary: 'Delete a segment', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteSegment(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });
};
