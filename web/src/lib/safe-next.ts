/** Only same-site paths are followed after sign-in, so a crafted ?next= cannot send people elsewhere. */
export function safeNext(next: string | null, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}
