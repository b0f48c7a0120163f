// Custom fields are defined per workspace; values live in a JSON column and are checked against the
// definitions on every write, so a number stays a number and a select holds one of its options.
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { customFieldDefinitions, type CustomFieldEntity, type CustomFieldValues } from '../../db/schema.js';
import { AppError } from '../../server/errors.js';

export type CustomFieldDefinition = typeof customFieldDefinitions.$inferSelect;

export async function listCustomFields(db: Executor, workspaceId: string, entity?: CustomFieldEntity): Promise<CustomFieldDefinition[]> {
  return db
    .select()
    .from(customFieldDefinitions)
    .where(and(eq(customFieldDefinitions.workspaceId, workspaceId), entity ? eq(customFieldDefinitions.entity, entity) : undefined))
    .orderBy(asc(customFieldDefinitions.position), asc(customFieldDefinitions.createdAt));
}

function coerce(definition: CustomFieldDefinition, value: unknown): { value?: CustomFieldValues[string]; error?: string } {
  if (value === null || value === undefined || value === '') return { value: null };
  switch (definition.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 5000 ? { value } : { error: 'must be text (at most 5000 characters)' };
    case 'number': {
      const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(',', '.')) : Number.NaN;
      return Number.isFinite(number) ? { value: number } : { error: 'must be a number' };
    }
    case 'date': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return { error: 'must be a date (YYYY-MM-DD)' };
      return { value: new Date(value).toISOString().slice(0, 10) };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      const text = String(value).trim().toLowerCase();
      if (['true', 'yes', '1', 'y'].includes(text)) return { value: true };
      if (['false', 'no', '0', 'n'].includes(text)) return { value: false };
      return { error: 'must be true or false' };
    }
    case 'url': {
      try {
        const url = new URL(String(value));
        return url.protocol === 'http:' || url.protocol === 'https:' ? { value: url.toString() } : { error: 'must be an http(s) URL' };
      } catch {
        return { error: 'must be a URL' };
      }
    }
    case 'select': {
      const option = definition.options.find((o) => o.toLowerCase() === String(value).trim().toLowerCase());
      return option ? { value: option } : { error: `must be one of: ${definition.options.join(', ')}` };
    }
    case 'multiselect': {
      const values = Array.isArray(value) ? value.map(String) : String(value).split(/[;,]/).map((v) => v.trim()).filter(Boolean);
      const chosen: string[] = [];
      for (const item of values) {
        const option = definition.options.find((o) => o.toLowerCase() === item.toLowerCase());
        if (!option) return { error: `"${item}" is not one of: ${definition.options.join(', ')}` };
        if (!chosen.includes(option)) chosen.push(option);
      }
      return { value: chosen };
    }
  }
}

export type CustomFieldErrors = { field: string; message: string }[];

/** Checks and coerces values; returns the merged values or the list of errors (nothing is written on error). */
export function checkCustomFields(
  definitions: CustomFieldDefinition[],
  current: CustomFieldValues,
  patch: Record<string, unknown>,
): { values: CustomFieldValues; errors: CustomFieldErrors } {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const values: CustomFieldValues = { ...current };
  const errors: CustomFieldErrors = [];
  for (const [key, raw] of Object.entries(patch)) {
    const definition = byKey.get(key);
    if (!definition) {
      errors.push({ field: `customFields.${key}`, message: 'is not a custom field of this workspace' });
      continue;
    }
    const result = coerce(definition, raw);
    if (result.error) errors.push({ field: `customFields.${key}`, message: `${definition.label} ${result.error}` });
    else if (result.value === null) delete values[key];
    else values[key] = result.value!;
  }
  for (const definition of definitions) {
    if (definition.required && (values[definition.key] === undefined || values[definition.key] === null)) {
      errors.push({ field: `customFields.${definition.key}`, message: `${definition.label} is required` });
    }
  }
  return { values, errors };
}

export async function validateCustomFields(
  db: Executor,
  workspaceId: string,
  entity: CustomFieldEntity,
  current: CustomFieldValues,
  patch: Record<string, unknown> | undefined,
): Promise<CustomFieldValues> {
  if (!patch) return current;
  const definitions = await listCustomFields(db, workspaceId, entity);
  const { values, errors } = checkCustomFields(definitions, current, patch);
  if (errors.length > 0) {
    throw new AppError('request.invalid', 400, errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      fields: errors.map((e) => ({ in: 'body', path: e.field, message: e.message })),
    });
  }
  return values;
}
