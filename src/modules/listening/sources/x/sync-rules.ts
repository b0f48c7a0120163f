// Keeps the filtered stream's rules in line with the rules wanted (deriveStreamRules): reads the
// current rules, deletes the Parley rules that are no longer wanted and adds the missing ones, and
// leaves alone rules that Parley did not make (tags without the `parley:` prefix).
import type { DriverContext } from '../driver.js';
import { RULE_TAG_PREFIX, type WantedRule } from './stream-rules.js';
import { bearerTokenOf, XClient } from './x-client.js';
import { rulesPageSchema, type Problem, type StreamRule } from './x-types.js';
import { z } from 'zod';

const RULES_PATH = '/2/tweets/search/stream/rules';

export type RejectedRule = { value?: string; title?: string; details: string[] };

export type SyncRulesResult = {
  added: StreamRule[];
  deleted: StreamRule[];
  kept: StreamRule[];
  /** rules X refused to add (invalid syntax, an operator the plan lacks, too many rules) */
  rejected: RejectedRule[];
};

const rejectionSchema = z.array(z.object({ value: z.string().optional(), title: z.string().optional(), details: z.array(z.string()).optional(), detail: z.string().optional() }));

const clientFor = (context: DriverContext & { now?: () => number }): XClient =>
  new XClient({ baseUrl: context.baseUrl, bearerToken: bearerTokenOf(context.credentials), fetch: context.fetch, signal: context.signal, now: context.now });

/** Every rule of the stream, page by page. */
export const listStreamRules = async (context: DriverContext & { now?: () => number }): Promise<StreamRule[]> => {
  const client = clientFor(context);
  const rules: StreamRule[] = [];
  let token: string | undefined;
  do {
    const { body } = await client.json(RULES_PATH, 'the stream rules', { query: { max_results: '1000', ...(token ? { pagination_token: token } : {}) } });
    const page = rulesPageSchema.parse(body);
    rules.push(...(page.data ?? []));
    token = page.meta?.next_token;
  } while (token);
  return rules;
};

const key = (rule: { value: string; tag?: string }): string => `${rule.tag ?? ''}\n${rule.value}`;

const describeRejections = (errors: Problem[] | unknown): RejectedRule[] => {
  const parsed = rejectionSchema.safeParse(errors);
  if (!parsed.success) return [];
  return parsed.data.map((error) => ({ value: error.value, title: error.title, details: error.details ?? (error.detail ? [error.detail] : []) }));
};

export const syncStreamRules = async (wanted: WantedRule[], context: DriverContext & { now?: () => number }): Promise<SyncRulesResult> => {
  const client = clientFor(context);
  const current = await listStreamRules(context);
  const managed = current.filter((rule) => rule.tag?.startsWith(RULE_TAG_PREFIX));
  const wantedKeys = new Set(wanted.map(key));
  const currentKeys = new Set(managed.map(key));

  const toDelete = managed.filter((rule) => !wantedKeys.has(key(rule)));
  const toAdd = wanted.filter((rule) => !currentKeys.has(key(rule)));
  const kept = managed.filter((rule) => wantedKeys.has(key(rule)));

  // Deletions first, so that additions fit in the plan's rule count.
  if (toDelete.length > 0) {
    await client.json(RULES_PATH, 'deleting stream rules', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delete: { ids: toDelete.map((rule) => rule.id) } }),
    });
  }
  let added: StreamRule[] = [];
  let rejected: RejectedRule[] = [];
  if (toAdd.length > 0) {
    const { body } = await client.json(RULES_PATH, 'adding stream rules', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ add: toAdd.map((rule) => ({ value: rule.value, tag: rule.tag })) }),
    });
    const page = rulesPageSchema.parse(body);
    added = page.data ?? [];
    rejected = describeRejections((body as { errors?: unknown }).errors ?? []);
  }
  return { added, deleted: toDelete, kept, rejected };
};
