// The contact filter shared by the contact list, saved segments, exports and — later — campaigns,
// loyalty and routing rules: a tree of conditions over fields, custom fields, tags, identities and
// social signals, compiled to one parameterized SQL condition.
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { textArray } from '../../lib/sql.js';
import { acquisitionSources, contacts, identities, lifecycleStages } from '../../db/schema.js';
import { AppError } from '../../server/errors.js';
import { normalizeEmail, normalizePhone } from './identity.js';
import { contactSorts, filterOperators, type FilterCondition, type FilterGroup, type FilterOperator } from '../../shared/vocabulary.js';

export { contactSorts, filterOperators, type FilterCondition, type FilterGroup, type FilterOperator };


const conditionSchema = z.object({ field: z.string().min(1).max(100), op: z.enum(filterOperators), value: z.unknown().optional() });
export const filterGroupSchema: z.ZodType<FilterGroup> = z.lazy(() =>
  z.object({ match: z.enum(['all', 'any']), conditions: z.array(z.union([conditionSchema, filterGroupSchema])).max(50) }),
).meta({ id: 'ContactFilter' });

type FieldKind = 'text' | 'enum' | 'ref' | 'number' | 'date' | 'boolean' | 'tags';
const columns = {
  name: ['text', contacts.name],
  email: ['text', contacts.email],
  phone: ['text', contacts.phone],
  jobTitle: ['text', contacts.jobTitle],
  location: ['text', contacts.location],
  language: ['enum', contacts.language],
  lifecycleStage: ['enum', contacts.lifecycleStage],
  source: ['enum', contacts.source],
  sourceChannel: ['enum', contacts.sourceChannel],
  ownerMemberId: ['ref', contacts.ownerMemberId],
  companyId: ['ref', contacts.companyId],
  tags: ['tags', contacts.tags],
  vip: ['boolean', contacts.vip],
  communityMember: ['boolean', contacts.communityMember],
  followersTotal: ['number', contacts.followersTotal],
  influenceScore: ['number', contacts.influenceScore],
  engagementScore: ['number', contacts.engagementScore],
  sentimentAvg: ['number', contacts.sentimentAvg],
  interactionCount: ['number', contacts.interactionCount],
  createdAt: ['date', contacts.createdAt],
  lastInteractionAt: ['date', contacts.lastInteractionAt],
  becameCustomerAt: ['date', contacts.becameCustomerAt],
} as const satisfies Record<string, readonly [FieldKind, unknown]>;

export const filterFields = Object.keys(columns);

const allowed: Record<FieldKind, FilterOperator[]> = {
  text: ['eq', 'neq', 'contains', 'starts_with', 'is_empty', 'is_not_empty'],
  enum: ['eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty'],
  ref: ['eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'is_not_empty'],
  date: ['before', 'after', 'within_days', 'is_empty', 'is_not_empty'],
  boolean: ['eq'],
  tags: ['has', 'has_any', 'has_none', 'is_empty', 'is_not_empty'],
};

const bad = (path: string, message: string) =>
  new AppError('filter.invalid', 400, `Filter ${path}: ${message}`, { fields: [{ in: 'filter', path, message }] });

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function asString(path: string, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') throw bad(path, 'needs a text value');
  return String(value);
}
function asNumber(path: string, value: unknown): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw bad(path, 'needs a number');
  return number;
}
function asList(path: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
  if (!list || list.length === 0) throw bad(path, 'needs a list of values');
  return list.map((item) => asString(path, item).trim());
}
function asDate(path: string, value: unknown): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw bad(path, 'needs a date (ISO 8601)');
  return new Date(value).toISOString();
}

function compileColumn(kind: FieldKind, column: SQL | (typeof columns)[keyof typeof columns][1], condition: FilterCondition, path: string): SQL {
  const { op, value } = condition;
  if (!allowed[kind].includes(op)) throw bad(path, `"${op}" does not apply to ${condition.field}; use one of ${allowed[kind].join(', ')}`);
  const col = sql`${column}`;
  switch (op) {
    case 'is_empty':
      return kind === 'tags' ? sql`cardinality(${col}) = 0` : kind === 'text' ? sql`coalesce(${col}, '') = ''` : sql`${col} IS NULL`;
    case 'is_not_empty':
      return kind === 'tags' ? sql`cardinality(${col}) > 0` : kind === 'text' ? sql`coalesce(${col}, '') <> ''` : sql`${col} IS NOT NULL`;
    case 'eq':
      if (kind === 'boolean') {
        if (typeof value !== 'boolean') throw bad(path, 'needs true or false');
        return sql`${col} = ${value}`;
      }
      if (kind === 'number') return sql`${col} = ${asNumber(path, value)}`;
      return kind === 'text' ? sql`lower(${col}) = lower(${asString(path, value)})` : sql`${col} = ${asString(path, value)}`;
    case 'neq':
      if (kind === 'number') return sql`${col} IS DISTINCT FROM ${asNumber(path, value)}`;
      return kind === 'text' ? sql`lower(coalesce(${col}, '')) <> lower(${asString(path, value)})` : sql`${col} IS DISTINCT FROM ${asString(path, value)}`;
    case 'contains':
      return sql`lower(${col}) LIKE ${`%${escapeLike(asString(path, value).toLowerCase())}%`}`;
    case 'starts_with':
      return sql`lower(${col}) LIKE ${`${escapeLike(asString(path, value).toLowerCase())}%`}`;
    case 'in':
      return sql`${col} = ANY(${textArray(asList(path, value))})`;
    case 'not_in':
      return sql`(${col} IS NULL OR NOT (${col} = ANY(${textArray(asList(path, value))})))`;
    case 'gt':
      return sql`${col} > ${asNumber(path, value)}`;
    case 'gte':
      return sql`${col} >= ${asNumber(path, value)}`;
    case 'lt':
      return sql`${col} < ${asNumber(path, value)}`;
    case 'lte':
      return sql`${col} <= ${asNumber(path, value)}`;
    case 'before':
      return sql`${col} < ${asDate(path, value)}::timestamptz`;
    case 'after':
      return sql`${col} > ${asDate(path, value)}::timestamptz`;
    case 'within_days':
      return sql`${col} > now() - make_interval(days => ${Math.round(asNumber(path, value))})`;
    case 'has':
      return sql`${col} @> ARRAY[${asString(path, value).toLowerCase()}]::text[]`;
    case 'has_any':
      return sql`${col} && ${textArray(asList(path, value).map((tag) => tag.toLowerCase()))}`;
    case 'has_none':
      return sql`NOT (${col} && ${textArray(asList(path, value).map((tag) => tag.toLowerCase()))})`;
  }
}

function compileCondition(condition: FilterCondition, path: string): SQL {
  const { field } = condition;
  if (field in columns) {
    const [kind, column] = columns[field as keyof typeof columns];
    if (field === 'lifecycleStage' && (condition.op === 'eq' || condition.op === 'neq') && !lifecycleStages.includes(condition.value as never)) {
      throw bad(path, `lifecycleStage is one of ${lifecycleStages.join(', ')}`);
    }
    if (field === 'source' && (condition.op === 'eq' || condition.op === 'neq') && !acquisitionSources.includes(condition.value as never)) {
      throw bad(path, `source is one of ${acquisitionSources.join(', ')}`);
    }
    return compileColumn(kind, column, condition, path);
  }
  if (field === 'identity.channel' || field === 'identity.handle') {
    const byChannel = field === 'identity.channel';
    const inner =
      byChannel
        ? sql`${identities.channel} = ${asString(path, condition.value)}`
        : condition.op === 'contains'
          ? sql`lower(${identities.handle}) LIKE ${`%${escapeLike(asString(path, condition.value).toLowerCase().replace(/^@/, ''))}%`}`
          : sql`lower(${identities.handle}) = ${asString(path, condition.value).toLowerCase().replace(/^@/, '')}`;
    const exists = sql`EXISTS (SELECT 1 FROM ${identities} WHERE ${identities.contactId} = ${contacts.id} AND ${inner})`;
    if (condition.op === 'has' || condition.op === 'eq' || condition.op === 'contains') return exists;
    if (condition.op === 'neq' || condition.op === 'has_none') return sql`NOT ${exists}`;
    throw bad(path, `${field} takes has, eq, neq${byChannel ? '' : ', contains'}`);
  }
  const custom = /^custom\.([a-zA-Z0-9_]{1,64})$/.exec(field);
  if (custom) {
    const key = custom[1]!;
    const text = sql`(${contacts.customFields} ->> ${key})`;
    const kind: FieldKind = ['gt', 'gte', 'lt', 'lte'].includes(condition.op) ? 'number' : ['before', 'after', 'within_days'].includes(condition.op) ? 'date' : 'text';
    if (condition.op === 'has') return sql`(${contacts.customFields} -> ${key}) ? ${asString(path, condition.value)}`;
    if (kind === 'number') {
      return compileColumn('number', sql`CASE WHEN jsonb_typeof(${contacts.customFields} -> ${key}) = 'number' THEN ${text}::numeric END`, condition, path);
    }
    if (kind === 'date') return compileColumn('date', sql`CASE WHEN ${text} ~ '^\\d{4}-\\d{2}-\\d{2}' THEN ${text}::date END`, condition, path);
    if (condition.op === 'eq' && typeof condition.value === 'boolean') return sql`(${contacts.customFields} -> ${key}) = ${JSON.stringify(condition.value)}::jsonb`;
    return compileColumn('text', text, condition, path);
  }
  throw bad(path, `unknown field "${field}"; use one of ${filterFields.join(', ')}, identity.channel, identity.handle or custom.<key>`);
}

export function compileFilter(group: FilterGroup, path = 'filter'): SQL | undefined {
  const parts = group.conditions.map((condition, index) =>
    'conditions' in condition ? compileFilter(condition, `${path}.conditions[${index}]`) : compileCondition(condition, `${path}.conditions[${index}]`),
  ).filter((part): part is SQL => part !== undefined);
  if (parts.length === 0) return undefined;
  return sql`(${sql.join(parts, group.match === 'all' ? sql` AND ` : sql` OR `)})`;
}

/**
 * Free-text search: an email, a phone number, a @handle or part of a name, as alternative conditions.
 * Each alternative is one indexed lookup; the list runs each as its own sorted, limited query and
 * merges them, so PostgreSQL can plan each well (a common name walks the sort index, a rare one uses
 * the trigram index) instead of one OR that forces a scan of every contact.
 */
export function searchAlternatives(workspaceId: string, q: string): SQL[] {
  const query = q.trim();
  const byIdentity = (condition: SQL) =>
    sql`${contacts.id} IN (SELECT ${identities.contactId} FROM ${identities} WHERE ${identities.workspaceId} = ${workspaceId} AND ${condition})`;
  const email = query.includes('@') && !query.startsWith('@') ? normalizeEmail(query) : null;
  if (email) return [byIdentity(sql`${identities.externalId} = ${email}`), sql`lower(${contacts.email}) = ${email}`];
  const phone = /^[+\d][\d\s().-]{5,}$/.test(query) ? normalizePhone(query) : null;
  if (phone) return [byIdentity(sql`${identities.externalId} = ${phone}`), sql`${contacts.phone} = ${phone}`];
  const term = query.replace(/^@/, '').toLowerCase();
  const prefix = `${escapeLike(term)}%`;
  const handles = byIdentity(sql`lower(${identities.handle}) LIKE ${prefix}`);
  if (query.startsWith('@')) return [handles];
  // Trigram-indexed substring match on names (three letters or more), prefix match otherwise.
  return [handles, sql`lower(${contacts.name}) LIKE ${term.length >= 3 ? `%${escapeLike(term)}%` : prefix}`];
}

/** The same search as one condition, for counts and exports. */
export function searchCondition(workspaceId: string, q: string): SQL {
  const alternatives = searchAlternatives(workspaceId, q);
  return alternatives.length === 1 ? alternatives[0]! : sql`(${sql.join(alternatives, sql` OR `)})`;
}

export type ContactSort = (typeof contactSorts)[number];

/** Sort expressions never NULL, so keyset cursors (value, id) stay exact. */
export const sortExpressions: Record<ContactSort, { expression: SQL; type: 'text' | 'number' | 'date' }> = {
  name: { expression: sql`lower(${contacts.name})`, type: 'text' },
  createdAt: { expression: sql`${contacts.createdAt}`, type: 'date' },
  influenceScore: { expression: sql`${contacts.influenceScore}`, type: 'number' },
  followersTotal: { expression: sql`${contacts.followersTotal}`, type: 'number' },
  lastInteractionAt: { expression: sql`coalesce(${contacts.lastInteractionAt}, '1970-01-01 00:00:00+00'::timestamptz)`, type: 'date' },
};

export const contactListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  q: z.string().trim().max(200).optional(),
  lifecycleStage: z.enum(lifecycleStages).optional(),
  source: z.enum(acquisitionSources).optional(),
  tag: z.string().max(60).optional(),
  ownerMemberId: z.string().max(100).optional(),
  companyId: z.string().max(100).optional(),
  vip: z.enum(['true', 'false']).optional(),
  segmentId: z.string().max(100).optional(),
  filter: z.string().max(20_000).optional().describe('A ContactFilter as JSON: {"match":"all","conditions":[{"field":"followersTotal","op":"gt","value":10000}]}'),
  sort: z.enum(contactSorts).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type ContactListQuery = z.infer<typeof contactListQuerySchema>;

export function parseFilterParam(raw: string | undefined): FilterGroup | undefined {
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw bad('filter', 'is not valid JSON');
  }
  const parsed = filterGroupSchema.safeParse(json);
  if (!parsed.success) throw bad('filter', parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; '));
  return parsed.data;
}
