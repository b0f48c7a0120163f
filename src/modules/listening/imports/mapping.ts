// What the start of an import file says about it: its format (NDJSON or CSV), a CSV's delimiter and
// header row, the first rows, and a column → post field mapping guessed from common header names.
// Pure, so the preview route and the upload agree.
import type { ListeningImportCsvLayout, ListeningImportFormat } from '../../../db/schema.js';
import { AppError } from '../../../server/errors.js';
import { detectDelimiter, parseCsv } from '../../imports/csv.js';
import { csvCells } from './read-posts.js';
import { RecordSplitter, type FileRecord } from './records.js';

export const postFields = [
  'skip',
  'text',
  'title',
  'externalId',
  'url',
  'publishedAt',
  'lang',
  'country',
  'channel',
  'author.handle',
  'author.name',
  'author.externalId',
  'author.followers',
  'author.verified',
  'author.profileUrl',
  'author.avatarUrl',
  'data',
] as const;
export type PostField = (typeof postFields)[number];

export const postFieldLabels: Record<PostField, string> = {
  skip: "Don't import",
  text: 'Text',
  title: 'Title',
  externalId: 'Post id',
  url: 'Link',
  publishedAt: 'Published at',
  lang: 'Language (ISO 639-1)',
  country: 'Country (ISO 3166-1)',
  channel: 'Channel (twitter, reddit, news…)',
  'author.handle': 'Author handle',
  'author.name': 'Author name',
  'author.externalId': 'Author id',
  'author.followers': 'Author followers',
  'author.verified': 'Author verified',
  'author.profileUrl': 'Author profile link',
  'author.avatarUrl': 'Author avatar',
  data: 'Keep as extra data',
};

const simplify = (header: string) => header.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');
const synonyms = new Map<string, PostField>();
const known = (field: PostField, names: string[]) => names.forEach((name) => synonyms.set(simplify(name), field));
known('text', ['text', 'body', 'content', 'message', 'post', 'tweet', 'full text', 'post text', 'comment', 'snippet', 'review', 'review text', 'mention', 'status']);
known('title', ['title', 'subject', 'headline']);
known('externalId', ['id', 'external id', 'post id', 'tweet id', 'status id', 'message id', 'guid', 'uid', 'mention id']);
known('url', ['url', 'link', 'permalink', 'post url', 'tweet url']);
known('publishedAt', ['published at', 'published', 'posted', 'date', 'created at', 'created', 'timestamp', 'time', 'datetime', 'posted at', 'pub date', 'date published']);
known('lang', ['lang', 'language', 'language code']);
known('country', ['country', 'country code']);
known('channel', ['channel', 'network', 'platform', 'source', 'site', 'media type']);
known('author.handle', ['author', 'handle', 'username', 'user', 'screen name', 'author handle', 'user name', 'account', 'author username']);
known('author.name', ['author name', 'name', 'display name', 'full name', 'user display name']);
known('author.externalId', ['author id', 'user id', 'account id']);
known('author.followers', ['followers', 'followers count', 'author followers', 'follower count', 'followers_count']);
known('author.verified', ['verified', 'author verified', 'is verified']);
known('author.profileUrl', ['profile url', 'author url', 'profile link', 'author link']);
known('author.avatarUrl', ['avatar', 'avatar url', 'profile image', 'profile image url']);

/** A field per header; each field is suggested once (its first column), unknown columns are skipped. */
export function suggestMapping(headers: string[]): Record<string, PostField> {
  const used = new Set<PostField>();
  const mapping: Record<string, PostField> = {};
  for (const header of headers) {
    const field = synonyms.get(simplify(header.replace(/\s*\(\d+\)$/, ''))) ?? 'skip';
    mapping[header] = field !== 'skip' && used.has(field) ? 'skip' : field;
    used.add(field);
  }
  return mapping;
}

const invalidMapping = (message: string, details: Record<string, unknown> = {}) => new AppError('listening_import.invalid_mapping', 400, message, details);

/** A complete mapping of the file's headers (missing columns are skipped), or why it cannot be used. */
export function checkMapping(headers: string[], mapping: Record<string, string>): Record<string, PostField> {
  const complete: Record<string, PostField> = {};
  const seen = new Map<string, string>();
  for (const column of Object.keys(mapping)) {
    if (!headers.includes(column)) throw invalidMapping(`"${column}" is not a column of the file (its columns: ${headers.join(', ')}).`, { field: column });
  }
  for (const header of headers) {
    const field = mapping[header] ?? 'skip';
    if (!(postFields as readonly string[]).includes(field)) throw invalidMapping(`"${field}" is not a post field (column "${header}").`, { field: header });
    if (field !== 'skip' && field !== 'data' && seen.has(field)) throw invalidMapping(`Columns "${seen.get(field)}" and "${header}" both map to ${field}.`, { field: header });
    seen.set(field, header);
    complete[header] = field as PostField;
  }
  if (!seen.has('text')) throw invalidMapping('Map one column to the text of the posts.', { field: 'text' });
  return complete;
}

export type FileHead = {
  format: ListeningImportFormat;
  /** CSV: delimiter and header row; the checkpoint to start from is just after the header */
  csv: { delimiter: string; headers: string[]; headerEnd: number; headerLines: number } | null;
  /** The first complete records after the header */
  records: FileRecord[];
};

const invalidFile = (message: string) => new AppError('listening_import.invalid_file', 400, message);

/** A file whose first non-blank character opens a JSON object is NDJSON; anything else is read as CSV. */
export function detectFormat(head: string): ListeningImportFormat {
  const first = head.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' ? 'ndjson' : 'csv';
}

/** Reads the start of a file (its first bytes; the last record may be cut). */
export function readHead(bytes: Buffer, format?: ListeningImportFormat, isWholeFile = false): FileHead {
  const text = bytes.toString('utf8');
  if (text.trim() === '') throw invalidFile('The file is empty.');
  if (text.includes('\u0000')) throw invalidFile('This is not a text file (it contains binary data): upload NDJSON or CSV.');
  const chosen = format ?? detectFormat(text);
  const splitter = new RecordSplitter(chosen === 'csv');
  const records = [...splitter.push(bytes), ...(isWholeFile ? splitter.end() : [])];
  if (chosen === 'ndjson') return { format: chosen, csv: null, records };
  const header = records.shift();
  if (!header || header.text === null) throw invalidFile('The first row of a CSV file must name its columns, e.g. "id,date,author,text".');
  const delimiter = detectDelimiter(header.text);
  const cells = csvCells(header.text, delimiter);
  if (typeof cells === 'string' || cells.every((cell) => cell.trim() === '')) {
    throw invalidFile('The first row of a CSV file must name its columns, e.g. "id,date,author,text".');
  }
  // The contact import's naming of columns (blank ones numbered, repeated ones suffixed), for the same file the same names.
  const { headers } = parseCsv(header.text);
  return { format: chosen, csv: { delimiter, headers, headerEnd: header.end, headerLines: header.lines }, records };
}

export const layoutOf = (head: FileHead, mapping: Record<string, string> | undefined): ListeningImportCsvLayout | null =>
  head.csv ? { delimiter: head.csv.delimiter, headers: head.csv.headers, mapping: checkMapping(head.csv.headers, mapping ?? suggestMapping(head.csv.headers)) } : null;
