// Contact imports (upload → map → validate → start → progress) and file downloads (exports,
// errors.csv), which need the workspace header and so go through fetch rather than a plain link.
import { ApiError, request, storedWorkspaceId, withQuery, WORKSPACE_HEADER, type One } from '../../lib/api';

export type ImportStatus = 'uploaded' | 'importing' | 'completed' | 'failed';
export type ImportOptions = { onDuplicate: 'update' | 'skip'; skipInvalid: boolean; defaultLifecycleStage?: string; tags?: string[] };
export type RowError = { row: number; field?: string; message: string };
export type MappingTarget = { value: string; label: string };
export type ImportMapping = Record<string, string>;

export type ContactImport = {
  id: string;
  filename: string;
  status: ImportStatus;
  headers: string[];
  mapping: ImportMapping | null;
  options: ImportOptions;
  totalRows: number;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  errorCount: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  errors: RowError[];
  targets: MappingTarget[];
};

export type UploadedImport = ContactImport & { preview: string[][]; suggestedMapping: ImportMapping };

export type ImportValidation = { totalRows: number; validRows: number; invalidRows: number; blankRows: number; errorCount: number; errors: RowError[] };

type Query = Record<string, string | number | null | undefined>;

async function failure(response: Response): Promise<ApiError> {
  const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null;
  const error = payload?.error;
  return new ApiError(response.status, error?.code ?? 'unknown', error?.message ?? `The request failed (${response.status}).`, error?.details ?? {});
}

async function send(path: string, init: RequestInit, workspaceId: string | null): Promise<Response> {
  const headers = new Headers(init.headers);
  if (workspaceId) headers.set(WORKSPACE_HEADER, workspaceId);
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { ...init, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'Parley cannot be reached. Check your connection and try again.');
  }
  if (!response.ok) throw await failure(response);
  return response;
}

export async function uploadImport(workspaceId: string, file: File): Promise<UploadedImport> {
  const response = await send(
    withQuery('/contact-imports', { filename: file.name }),
    { method: 'POST', body: file, headers: { 'content-type': 'text/csv', accept: 'application/json' } },
    workspaceId,
  );
  return ((await response.json()) as One<UploadedImport>).data;
}

export async function getImport(workspaceId: string, importId: string): Promise<ContactImport> {
  return (await request<One<ContactImport>>(`/contact-imports/${encodeURIComponent(importId)}`, { workspaceId })).data;
}

export async function updateImport(workspaceId: string, importId: string, body: { mapping?: ImportMapping; options?: ImportOptions }): Promise<ContactImport> {
  return (await request<One<ContactImport>>(`/contact-imports/${encodeURIComponent(importId)}`, { method: 'PATCH', body, workspaceId })).data;
}

export async function validateImport(workspaceId: string, importId: string): Promise<ImportValidation> {
  return (await request<One<ImportValidation>>(`/contact-imports/${encodeURIComponent(importId)}/validate`, { method: 'POST', workspaceId })).data;
}

export async function startImport(workspaceId: string, importId: string): Promise<ContactImport> {
  return (await request<One<ContactImport>>(`/contact-imports/${encodeURIComponent(importId)}/start`, { method: 'POST', workspaceId })).data;
}

/** Fetches a file from the API and hands it to the browser as a download. */
export async function downloadFile(path: string, query: Query = {}, fallbackName = 'download'): Promise<void> {
  const response = await send(withQuery(path, query), { method: 'GET' }, storedWorkspaceId());
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
