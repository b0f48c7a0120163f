// A source's settings checked against its type's schemas, and its credentials sealed and opened.
// Credentials travel as one JSON object sealed with the instance's SecretBox; only their field
// names are stored in the clear.
import { z } from 'zod';
import { AppError } from '../../../server/errors.js';
import type { SecretBox } from '../../../lib/secrets.js';
import { SourceError } from './driver.js';
import { sourceTypeEntry, type SourceMode, type SourceTypeEntry } from './registry.js';

export type CheckedSettings = { entry: SourceTypeEntry; config: Record<string, unknown>; credentials: Record<string, string>; mode: SourceMode['mode'] };

const invalid = (what: 'config' | 'credentials', error: z.ZodError) =>
  new AppError(`source.invalid_${what}`, 400, `The source's ${what} is not valid: ${z.prettifyError(error).replace(/\n/g, ' ')}`, {
    fields: error.issues.map((issue) => ({ in: what, path: issue.path.join('.'), message: issue.message })),
  });

export function requireSourceType(type: string): SourceTypeEntry {
  const entry = sourceTypeEntry(type);
  if (!entry) throw new AppError('source.type_unavailable', 422, `Sources of type "${type}" are not available in this version of Parley.`, { field: 'type', type });
  return entry;
}

/** Validates settings for the API and the admin command: a 400 naming each bad field. Credentials undefined: not checked (kept as stored). */
export function checkSettings(type: string, config: unknown, credentials: unknown): CheckedSettings {
  const entry = requireSourceType(type);
  const parsedConfig = entry.config.safeParse(config ?? {});
  if (!parsedConfig.success) throw invalid('config', parsedConfig.error);
  const mode = entry.modeOf(parsedConfig.data).mode;
  if (credentials === undefined) return { entry, config: parsedConfig.data, credentials: {}, mode };
  const parsedCredentials = entry.credentials.safeParse(credentials);
  if (!parsedCredentials.success) throw invalid('credentials', parsedCredentials.error);
  const present = Object.entries(parsedCredentials.data).filter((pair): pair is [string, string] => typeof pair[1] === 'string' && pair[1] !== '');
  return { entry, config: parsedConfig.data, credentials: Object.fromEntries(present), mode };
}

export function sealCredentials(secrets: SecretBox, credentials: Record<string, string>): { credentials: string | null; credentialFields: string[] } {
  const fields = Object.keys(credentials).sort();
  return { credentials: fields.length > 0 ? secrets.seal(JSON.stringify(credentials)) : null, credentialFields: fields };
}

/** The stored credentials for a driver; ones that no longer open (another PARLEY_SECRET) need reconnecting. */
export function openCredentials(secrets: SecretBox, sealed: string | null): Record<string, string> {
  if (sealed === null) return {};
  try {
    return JSON.parse(secrets.open(sealed)) as Record<string, string>;
  } catch {
    throw new SourceError('credentials', 'The stored credentials cannot be opened with this instance secret (PARLEY_SECRET changed?); enter them again.');
  }
}

/** The stored config of a source as its driver needs it, or a config SourceError. */
export function runtimeSettings(type: string, config: unknown): { entry: SourceTypeEntry; config: Record<string, unknown>; mode: SourceMode } {
  const entry = sourceTypeEntry(type);
  if (!entry) throw new SourceError('config', `Sources of type "${type}" are not available in this version of Parley.`);
  const parsed = entry.config.safeParse(config);
  if (!parsed.success) throw new SourceError('config', `The source's config is no longer valid: ${z.prettifyError(parsed.error)}`);
  return { entry, config: parsed.data, mode: entry.modeOf(parsed.data) };
}
