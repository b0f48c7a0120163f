// Calls of the listening import screen (/listening-imports): preview the start of a file, upload a
// whole file (sent as the request body, streamed by the browser), follow progress, cancel.
import { ApiError, request, storedWorkspaceId, withQuery, WORKSPACE_HEADER, type One, type Page } from '../../../lib/api';

export type ImportFormat = 'ndjson' | 'csv';
export type ImportState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type PostField = string;
export type LineError = { line: number; message: string };

export type ListeningImport = {
  id: string;
  fileName: string;
  format: ImportFormat;
  sourceId: string | null;
  source: string;
  state: ImportState;
  mapping: Record<string, PostField> | null;
  progress: {
    totalBytes: number;
    bytesRead: number;
    lineCheckpoint: number;
    linesRead: number;
    postsAccepted: number;
    postsMatched: number;
    mentionsStored: number;
    duplicates: number;
    rejectedLines: number;
  };
  errors: LineError[];
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
};

export type ImportPreview = {
  format: ImportFormat;
  delimiter: string | null;
  headers: string[];
  rows: string[][];
  mapping: Record<string, PostField>;
  mappingProblem: string | null;
  fields: { value: PostField; label: string }[];
  sample: { line: number; text: string | null; externalId: string | null; publishedAt: string | null; author: string | null; error: string | null }[];
};

export type ImportOptions = { format: ImportFormat; sourceId: string | null; mapping: Record<string, PostField> | null };

/** What the preview reads of a file: enough for its header and first rows. */
export const PREVIEW_BYTES = 256 * 1024;

async function sendFile<T>(path: string, query: Record<string, string | undefined>, body: Blob): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/octet-stream' };
  const workspaceId = storedWorkspaceId();
  if (workspaceId) headers[WORKSPACE_HEADER] = workspaceId;
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, query), { method: 'POST', headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'Parley cannot be reached. Check your connection and try again.');
  }
  const payload = (await response.json().catch(() => null)) as { data?: T; error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null;
  if (!response.ok) {
    throw new ApiError(response.status, payload?.error?.code ?? 'unknown', payload?.error?.message ?? `The request failed (${response.status}).`, payload?.error?.details ?? {});
  }
  return payload!.data as T;
}

export function previewImport(file: File, format: ImportFormat | null, mapping: Record<string, PostField> | null): Promise<ImportPreview> {
  const whole = file.size <= PREVIEW_BYTES;
  return sendFile<ImportPreview>(
    '/listening-imports/preview',
    { format: format ?? undefined, mapping: mapping ? JSON.stringify(mapping) : undefined, whole: String(whole) },
    file.slice(0, PREVIEW_BYTES),
  );
}

export function startImport(file: File, options: ImportOptions): Promise<ListeningImport> {
  return sendFile<ListeningImport>(
    '/listening-imports',
    { fileName: file.name, format: options.format, sourceId: options.sourceId ?? undefined, mapping: options.mapping ? JSON.stringify(options.mapping) : undefined },
    file,
  );
}

export async function listImports(workspaceId: string): Promise<ListeningImport[]> {
  return (await request<Page<ListeningImport>>('/listening-imports', { query: { limit: 50 }, workspaceId })).data;
}

export async function getImport(workspaceId: string, importId: string): Promise<ListeningImport> {
  return (await request<One<ListeningImport>>(`/listening-imports/${encodeURIComponent(importId)}`, { workspaceId })).data;
}

export async function cancelImport(workspaceId: string, importId: string): Promise<ListeningImport> {
  return (await request<One<ListeningImport>>(`/listening-imports/${encodeURIComponent(importId)}/cancel`, { method: 'POST', workspaceId })).data;
}

export const isActive = (row: Pick<ListeningImport, 'state'>) => row.state === 'queued' || row.state === 'running';
