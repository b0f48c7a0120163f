// Request and response shapes of /listening-imports, and the presenter from rows to responses.
import { z } from 'zod';
import { listeningImportFormats, listeningImportStates } from '../../../db/schema.js';
import { postFields } from './mapping.js';
import type { ListeningImportRow } from './repository.js';

const timestamp = z.iso.datetime();

const mappingJson = z
  .string()
  .max(20_000)
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of column → post field' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().max(300), z.string().max(60)));

export const uploadQuery = z.object({
  fileName: z.string().trim().min(1).max(255).optional().describe('The name to show; "posts.<format>" when absent'),
  format: z.enum(listeningImportFormats).optional().describe('Detected from the first bytes when absent: a line starting with "{" is NDJSON, anything else CSV'),
  sourceId: z.string().max(100).optional().describe('A listening source whose mentions these are; a standalone "import:<id>" source when absent'),
  mapping: mappingJson.optional().describe(`CSV only, as JSON: column → ${postFields.join(' | ')}. Guessed from the header names when absent`),
});

export const previewQuery = z.object({
  format: uploadQuery.shape.format,
  mapping: uploadQuery.shape.mapping,
  whole: z.enum(['true', 'false']).optional().describe('"true" when the body is the whole file (its last line is then complete)'),
});

export const fileBody = z.unknown().describe('The file as is (Content-Type: application/x-ndjson, text/csv or application/octet-stream): NDJSON, one post a line with the fields of POST /posts, or CSV with a header row; UTF-8; up to 200 MB');

const lineErrorSchema = z.object({ line: z.number().int().describe('Line in the file, the first line being 1'), message: z.string() }).meta({ id: 'ListeningImportLineError' });

export const listeningImportSchema = z
  .object({
    id: z.string(),
    fileName: z.string(),
    format: z.enum(listeningImportFormats),
    sourceId: z.string().nullable().describe('The listening source the mentions belong to, if any'),
    source: z.string().describe('The source name the stored mentions carry'),
    state: z.enum(listeningImportStates),
    mapping: z.record(z.string(), z.string()).nullable().describe('CSV: column → post field'),
    progress: z.object({
      totalBytes: z.number().int(),
      bytesRead: z.number().int().describe('The committed checkpoint: a restart resumes here'),
      lineCheckpoint: z.number().int(),
      linesRead: z.number().int().describe('Posts read, valid or not (blank lines not counted)'),
      postsAccepted: z.number().int().describe('Valid posts sent to the pipeline'),
      postsMatched: z.number().int().describe("Posts matching one of the workspace's queries"),
      mentionsStored: z.number().int(),
      duplicates: z.number().int().describe('Matching posts already stored (same source and external id)'),
      rejectedLines: z.number().int(),
    }),
    errors: z.array(lineErrorSchema).describe('The first 100 rejected lines'),
    error: z.string().nullable().describe('Why the import failed'),
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
    updatedAt: timestamp,
  })
  .meta({ id: 'ListeningImport' });

export const previewSchema = z
  .object({
    format: z.enum(listeningImportFormats),
    delimiter: z.string().nullable(),
    headers: z.array(z.string()).describe('CSV: the columns'),
    rows: z.array(z.array(z.string())).describe('CSV: the first rows, cells in the order of headers'),
    mapping: z.record(z.string(), z.enum(postFields)).describe('CSV: the mapping used (the one given, else the guessed one)'),
    mappingProblem: z.string().nullable().describe('CSV: why the mapping cannot be used yet (e.g. no column is the text); the sample is then empty'),
    fields: z.array(z.object({ value: z.enum(postFields), label: z.string() })).describe('What a column can be mapped to'),
    sample: z
      .array(z.object({ line: z.number().int(), text: z.string().nullable(), externalId: z.string().nullable(), publishedAt: z.string().nullable(), author: z.string().nullable(), error: z.string().nullable() }))
      .describe('The first lines as they would be imported, or why they would be rejected'),
  })
  .meta({ id: 'ListeningImportPreview' });

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const presentListeningImport = (row: ListeningImportRow): z.infer<typeof listeningImportSchema> => ({
  id: row.id,
  fileName: row.fileName,
  format: row.format,
  sourceId: row.sourceId,
  source: row.pipelineSource,
  state: row.state,
  mapping: row.csvLayout?.mapping ?? null,
  progress: {
    totalBytes: row.totalBytes,
    bytesRead: row.bytesRead,
    lineCheckpoint: row.lineCheckpoint,
    linesRead: row.linesRead,
    postsAccepted: row.postsAccepted,
    postsMatched: row.postsMatched,
    mentionsStored: row.mentionsStored,
    duplicates: row.duplicates,
    rejectedLines: row.rejectedLines,
  },
  errors: row.errorsSample,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  startedAt: iso(row.startedAt),
  finishedAt: iso(row.finishedAt),
  updatedAt: row.updatedAt.toISOString(),
});
