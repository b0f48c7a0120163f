// Creates a person's account through better-auth and returns the session cookies to set. Open
// sign-up is disabled: only first-run setup and invitations call this.
import type { Auth } from '../../../server/auth.js';
import { AppError } from '../../../server/errors.js';

export type CreatedAccount = { user: { id: string; name: string; email: string }; setCookies: string[] };

export async function createAccount(auth: Auth, input: { name: string; email: string; password: string }): Promise<CreatedAccount> {
  const response = await auth.api.signUpEmail({ body: { name: input.name, email: input.email.toLowerCase(), password: input.password }, asResponse: true });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    if (body.code === 'USER_ALREADY_EXISTS' || body.code === 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL') {
      throw new AppError('account.email_taken', 409, 'An account with this email already exists: sign in instead.');
    }
    if (body.code === 'PASSWORD_TOO_SHORT' || body.code === 'PASSWORD_TOO_LONG' || body.code === 'INVALID_EMAIL') {
      throw new AppError('request.invalid', 400, body.message ?? 'Invalid account details.', { reason: body.code });
    }
    throw new Error(`better-auth sign-up failed with ${response.status}: ${body.code ?? ''} ${body.message ?? ''}`);
  }
  const body = (await response.json()) as { user: { id: string; name: string; email: string } };
  return { user: { id: body.user.id, name: body.user.name, email: body.user.email }, setCookies: response.headers.getSetCookie() };
}
