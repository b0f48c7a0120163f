// Column mapping and row checking of a contact import, without the database: what each CSV column
// can feed, a suggested mapping from header names, and each row turned into a contact candidate or
// the reasons it cannot be imported. Validation and the import job share this code, so they agree.
import { lifecycleStages, type CustomFieldValues, type IdentityChannel, type LifecycleStage } from '../../db/schema.js';
import { checkCustomFields, type CustomFieldDefinition } from '../contacts/custom-fields.js';
import { normalizeEmail, normalizeIdentity, normalizePhone, type NormalizedIdentity } from '../contacts/identity.js';
import { fileRowNumber, isBlankRow } from './csv.js';

export const contactFieldTargets = ['name', 'firstName', 'lastName', 'email', 'phone', 'jobTitle', 'company', 'lifecycleStage', 'tags'] as const;
export type ContactFieldTarget = (typeof contactFieldTargets)[number];

/** Networks whose handle a column can hold (email and phone have their own targets). */
export const handleChannels = ['twitter', 'instagram', 'facebook', 'linkedin', 'mastodon', 'bluesky', 'telegram', 'whatsapp', 'youtube', 'reddit'] as const satisfies readonly IdentityChannel[];
export type HandleChannel = (typeof handleChannels)[number];

const channelLabels: Record<HandleChannel, string> = {
  twitter: 'X (Twitter) handle',
  instagram: 'Instagram handle',
  facebook: 'Facebook handle',
  linkedin: 'LinkedIn handle',
  mastodon: 'Mastodon account',
  bluesky: 'Bluesky handle',
  telegram: 'Telegram handle',
  whatsapp: 'WhatsApp number',
  youtube: 'YouTube handle',
  reddit: 'Reddit handle',
};
const fieldLabels: Record<ContactFieldTarget, string> = {
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  jobTitle: 'Job title',
  company: 'Company',
  lifecycleStage: 'Lifecycle stage',
  tags: 'Tags',
};

export type ImportMapping = Record<string, string>;
export type ImportOptions = { onDuplicate: 'update' | 'skip'; skipInvalid: boolean; defaultLifecycleStage?: LifecycleStage; tags?: string[] };
export type RowError = { row: number; field?: string; message: string };
export type MappingTarget = { value: string; label: string };

/** Every target a column can be mapped to, in the order the wizard lists them. */
export function mappingTargets(definitions: CustomFieldDefinition[]): MappingTarget[] {
  return [
    { value: 'skip', label: "Don't import" },
    ...contactFieldTargets.map((value) => ({ value, label: fieldLabels[value] })),
    ...handleChannels.map((channel) => ({ value: `identity.${channel}`, label: channelLabels[channel] })),
    ...definitions.map((definition) => ({ value: `custom.${definition.key}`, label: `${definition.label} (custom field)` })),
  ];
}

const simplify = (header: string) => header.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');

const synonyms: Record<string, string> = {};
const addSynonyms = (target: string, names: string[]) => names.forEach((name) => (synonyms[simplify(name)] = target));
addSynonyms('email', ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'emails', 'courriel', 'work email', 'primary email']);
addSynonyms('firstName', ['first name', 'firstname', 'given name', 'forename', 'first', 'prénom', 'vorname']);
addSynonyms('lastName', ['last name', 'lastname', 'surname', 'family name', 'last', 'nom de famille', 'nachname']);
addSynonyms('name', ['name', 'full name', 'contact name', 'display name', 'contact', 'nom']);
addSynonyms('phone', ['phone', 'mobile', 'phone number', 'telephone', 'tel', 'cell', 'mobile phone', 'mobile number', 'cell phone', 'work phone', 'téléphone']);
addSynonyms('jobTitle', ['job title', 'title', 'position', 'role', 'job']);
addSynonyms('company', ['company', 'company name', 'organization', 'organisation', 'employer', 'account', 'account name', 'société']);
addSynonyms('lifecycleStage', ['lifecycle stage', 'lifecycle', 'stage']);
addSynonyms('tags', ['tags', 'tag', 'labels', 'label']);
for (const channel of handleChannels) addSynonyms(`identity.${channel}`, [channel, `${channel} handle`, `${channel} username`, `${channel} account`]);
addSynonyms('identity.twitter', ['x', 'x handle', 'x (twitter)', 'twitter/x', 'x (twitter) handle']);

/** A suggestion per header; a target is suggested once (the first matching column). */
export function suggestMapping(headers: string[], definitions: CustomFieldDefinition[]): ImportMapping {
  const custom = new Map<string, string>();
  for (const definition of definitions) {
    custom.set(simplify(definition.key), `custom.${definition.key}`);
    custom.set(simplify(definition.label), `custom.${definition.key}`);
  }
  const used = new Set<string>();
  const mapping: ImportMapping = {};
  for (const header of headers) {
    const key = simplify(header.replace(/\s*\(\d+\)$/, ''));
    const target = custom.get(key) ?? synonyms[key] ?? 'skip';
    mapping[header] = target !== 'skip' && used.has(target) ? 'skip' : target;
    used.add(target);
  }
  return mapping;
}

/** Problems with the mapping itself (not with rows), as messages per column. */
export function checkMapping(headers: string[], mapping: ImportMapping, definitions: CustomFieldDefinition[]): { field: string; message: string }[] {
  const valid = new Set(mappingTargets(definitions).map((target) => target.value));
  const problems: { field: string; message: string }[] = [];
  const seen = new Map<string, string>();
  for (const [column, target] of Object.entries(mapping)) {
    if (!headers.includes(column)) problems.push({ field: column, message: 'is not a column of the file' });
    else if (!valid.has(target)) problems.push({ field: column, message: `"${target}" is not something a column can be imported into` });
    else if (target !== 'skip' && seen.has(target)) problems.push({ field: column, message: `maps to ${target}, like column "${seen.get(target)}"` });
    if (target !== 'skip') seen.set(target, column);
  }
  const identifying = ['name', 'firstName', 'lastName', 'email', 'phone', ...handleChannels.map((channel) => `identity.${channel}`)];
  if (!Object.values(mapping).some((target) => identifying.includes(target))) {
    problems.push({ field: 'mapping', message: 'map at least one column to a name, an email, a phone or a handle' });
  }
  return problems;
}

export type ContactCandidate = {
  /** 0-based index among data rows */
  index: number;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  jobTitle: string | null;
  companyName: string | null;
  /** From a column; the default stage of the options applies to new contacts only. */
  lifecycleStage: LifecycleStage | null;
  tags: string[] | null;
  customFields: CustomFieldValues | null;
  /** Social identities (email and phone become identities when written). */
  identities: NormalizedIdentity[];
};

export type CheckedRow = { kind: 'blank' } | { kind: 'invalid'; errors: RowError[] } | { kind: 'valid'; candidate: ContactCandidate };

const clip = (value: string, max = 300) => (value.length > max ? value.slice(0, max) : value);
export const splitTags = (value: string) => value.split(/[;,]/).map((tag) => tag.trim().toLowerCase()).filter(Boolean).map((tag) => clip(tag, 60));

/** Reads one data row with the mapping; pure, so a 50,000-row file is checked in memory. */
export function checkRow(
  index: number,
  row: string[],
  columns: { index: number; header: string; target: string }[],
  definitions: CustomFieldDefinition[],
  options: Pick<ImportOptions, 'tags'>,
): CheckedRow {
  if (isBlankRow(row)) return { kind: 'blank' };
  const rowNumber = fileRowNumber(index);
  const errors: RowError[] = [];
  const candidate: ContactCandidate = {
    index,
    name: null,
    firstName: null,
    lastName: null,
    email: null,
    phone: null,
    jobTitle: null,
    companyName: null,
    lifecycleStage: null,
    tags: options.tags?.length ? [...options.tags] : null,
    customFields: null,
    identities: [],
  };
  const customPatch: Record<string, string> = {};
  const customColumn = new Map<string, string>();
  for (const { index: columnIndex, header, target } of columns) {
    const value = (row[columnIndex] ?? '').trim();
    if (value === '') continue;
    switch (target) {
      case 'name':
      case 'firstName':
      case 'lastName':
      case 'jobTitle':
        candidate[target] = clip(value);
        break;
      case 'company':
        candidate.companyName = clip(value);
        break;
      case 'email': {
        const email = normalizeEmail(value);
        if (email && email.length <= 320) candidate.email = email;
        else errors.push({ row: rowNumber, field: header, message: `"${clip(value, 80)}" is not an email address` });
        break;
      }
      case 'phone': {
        const phone = normalizePhone(value);
        if (phone) candidate.phone = phone;
        else errors.push({ row: rowNumber, field: header, message: `"${clip(value, 80)}" is not a phone number; write it with its country code, e.g. +1 415 555 0100` });
        break;
      }
      case 'lifecycleStage': {
        const stage = lifecycleStages.find((s) => s === value.toLowerCase());
        if (stage) candidate.lifecycleStage = stage;
        else errors.push({ row: rowNumber, field: header, message: `"${clip(value, 80)}" is not a lifecycle stage (${lifecycleStages.join(', ')})` });
        break;
      }
      case 'tags':
        candidate.tags = [...new Set([...(candidate.tags ?? []), ...splitTags(value)])].sort();
        break;
      default:
        if (target.startsWith('identity.')) {
          const channel = target.slice('identity.'.length) as HandleChannel;
          try {
            candidate.identities.push(normalizeIdentity({ channel, handle: clip(value) }));
          } catch (error) {
            errors.push({ row: rowNumber, field: header, message: (error as Error).message });
          }
        } else if (target.startsWith('custom.')) {
          const key = target.slice('custom.'.length);
          customPatch[key] = value;
          customColumn.set(key, header);
        }
    }
  }
  if (Object.keys(customPatch).length > 0) {
    // Required custom fields are not enforced here: an update keeps the contact's current value.
    const checked = checkCustomFields(definitions.map((definition) => ({ ...definition, required: false })), {}, customPatch);
    for (const error of checked.errors) {
      const key = error.field.replace(/^customFields\./, '');
      errors.push({ row: rowNumber, field: customColumn.get(key) ?? error.field, message: error.message });
    }
    candidate.customFields = checked.values;
  }
  if (!candidate.name && !candidate.firstName && !candidate.lastName && !candidate.email && !candidate.phone && candidate.identities.length === 0) {
    if (errors.length === 0) errors.push({ row: rowNumber, message: 'needs a name, an email, a phone or a handle' });
  }
  return errors.length > 0 ? { kind: 'invalid', errors } : { kind: 'valid', candidate };
}

/** The keys that identify a person: two rows (or a row and a contact) sharing one are the same person. */
export function identityKeys(candidate: ContactCandidate): string[] {
  return [
    ...(candidate.email ? [`email:${candidate.email}`] : []),
    ...(candidate.phone ? [`phone:${candidate.phone}`] : []),
    ...candidate.identities.map((identity) => `${identity.channel}:${identity.externalId}`),
  ];
}

export type CheckedFile = {
  /** candidates by data-row index; invalid and blank rows are absent */
  candidates: ContactCandidate[];
  errors: RowError[];
  invalidRows: Set<number>;
  blankRows: number;
};

/** Checks every row, including duplicates of an earlier row of the same file. */
export function checkRows(
  headers: string[],
  rows: string[][],
  mapping: ImportMapping,
  definitions: CustomFieldDefinition[],
  options: Pick<ImportOptions, 'tags'>,
): CheckedFile {
  const columns = headers
    .map((header, index) => ({ index, header, target: mapping[header] ?? 'skip' }))
    .filter((column) => column.target !== 'skip');
  const firstSeen = new Map<string, number>();
  const candidates: ContactCandidate[] = [];
  const errors: RowError[] = [];
  const invalidRows = new Set<number>();
  let blankRows = 0;
  rows.forEach((row, index) => {
    const checked = checkRow(index, row, columns, definitions, options);
    if (checked.kind === 'blank') {
      blankRows++;
      return;
    }
    if (checked.kind === 'invalid') {
      errors.push(...checked.errors);
      invalidRows.add(index);
      return;
    }
    const keys = identityKeys(checked.candidate);
    const earlier = keys.map((key) => [key, firstSeen.get(key)] as const).find(([, at]) => at !== undefined);
    if (earlier) {
      const [key] = earlier;
      const what = key.split(':')[0] === 'email' ? 'email' : key.split(':')[0] === 'phone' ? 'phone' : `${key.split(':')[0]} handle`;
      errors.push({ row: fileRowNumber(index), message: `duplicate of row ${fileRowNumber(earlier[1]!)} (same ${what})` });
      invalidRows.add(index);
      return;
    }
    for (const key of keys) firstSeen.set(key, index);
    candidates.push(checked.candidate);
  });
  return { candidates, errors, invalidRows, blankRows };
}
