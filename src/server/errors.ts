// One error type for the whole application. Codes are stable strings that clients may rely on;
// the HTTP status lives here, not in each route.
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ErrorStatus,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (entity: string, id?: string): AppError =>
  new AppError(`${entity}.not_found`, 404, `No ${entity.replace(/_/g, ' ')} with that id exists in this workspace.`, id ? { id } : {});

export const forbidden = (permission: string): AppError =>
  new AppError('auth.forbidden', 403, `Your role does not allow this (needs ${permission}).`, { permission });

export const unauthenticated = (): AppError =>
  new AppError('auth.unauthenticated', 401, 'Sign in, or send an API key as "Authorization: Bearer <key>".');
