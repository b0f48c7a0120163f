// The one way the app talks to the Parley API: same-origin JSON with the session cookie, the current
// workspace header, and errors turned into ApiError so screens can show the server's own message.

export const WORKSPACE_HEADER = 'X-Parley-Workspace';
const WORKSPACE_STORAGE_KEY = 'parley.workspace';

export type FieldError = { in: string; path: string; message: string };

export type Page<T> = { data: T[]; nextCursor: string | null };
export type One<T> = { data: T };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get fields(): FieldError[] {
    const fields = this.details.fields;
    return Array.isArray(fields) ? fields.filter(isFieldError) : [];
  }
}

function isFieldError(value: unknown): value is FieldError {
  return typeof value === 'object' && value !== null && 'path' in value && 'message' in value;
}

export function storedWorkspaceId(): string | null {
  try {
    return localStorage.getItem(WORKSPACE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeWorkspaceId(id: string): void {
  try {
    localStorage.setItem(WORKSPACE_STORAGE_KEY, id);
  } catch {
    // Private mode or disabled storage: the choice simply lasts for this page load.
  }
}

type Query = Record<string, string | number | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** Overrides the stored workspace, for requests made while switching. */
  workspaceId?: string | null;
  signal?: AbortSignal;
};

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const workspaceId = options.workspaceId === undefined ? storedWorkspaceId() : options.workspaceId;
  if (workspaceId) headers[WORKSPACE_HEADER] = workspaceId;
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'Parley cannot be reached. Check your connection and try again.');
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response.status, payload);
  return payload as T;
}

function toApiError(status: number, payload: unknown): ApiError {
  if (typeof payload === 'object' && payload !== null && 'error' in payload) {
    const error = (payload as { error: { code?: unknown; message?: unknown; details?: unknown } }).error;
    return new ApiError(
      status,
      typeof error.code === 'string' ? error.code : 'unknown',
      typeof error.message === 'string' ? error.message : `The request failed (${status}).`,
      typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {},
    );
  }
  return new ApiError(status, 'unknown', `The request failed (${status}).`);
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export function errorCode(error: unknown): string | null {
  return error instanceof ApiError ? error.code : null;
}

/** Validation messages keyed by body field path ("name", "teamIds.0"), for showing next to inputs. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  for (const field of error.fields) {
    const key = field.path.replace(/^\//, '').replace(/\//g, '.');
    result[key] ??= field.message;
  }
  return result;
}

/** A message for the form as a whole: nothing when every problem is already shown beside a field. */
export function formError(error: unknown, shownFields: string[]): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.fields.length > 0) {
    const unshown = error.fields.filter((field) => !shownFields.includes(field.path.replace(/^\//, '').replace(/\//g, '.')));
    return unshown.length === 0 ? null : unshown.map((field) => `${field.path || field.in}: ${field.message}`).join(' ');
  }
  return errorMessage(error);
}
