// What a platform's media client answers for one file a customer sent (its bytes, or why Parley keeps
// only the attachment: too large, no longer on the platform), and the capped read of a download that
// both the WhatsApp and the Telegram clients use. Failures worth retrying (the network, a refused
// token, a 5xx) are thrown instead: the fetch job fails and graphile-worker tries again later.

/** Files larger than this are not downloaded (the attachment stays, with a note). */
export const MEDIA_SIZE_LIMIT = 25 * 1024 * 1024;
export const MEDIA_DOWNLOAD_TIMEOUT_MS = 120_000;

export type FetchedMedia =
  | { kind: 'file'; bytes: Buffer; /** the platform's type for the file, when it names one */ contentType: string | null }
  | { kind: 'not_downloaded'; reason: 'too_large' | 'unavailable'; /** for the person reading the conversation */ note: string; /** bytes, when the platform said */ size: number | null };

export const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** `limitNote` says whose limit it is: "Parley keeps files up to 25 MB", "Telegram lets bots download files up to 20 MB" */
export const tooLarge = (size: number | null, limitNote: string): FetchedMedia => ({
  kind: 'not_downloaded',
  reason: 'too_large',
  note: `not downloaded${size !== null ? ` (${megabytes(size)})` : ''}: ${limitNote}`,
  size,
});

export const parleyLimitNote = (limit: number): string => `Parley keeps files up to ${megabytes(limit).replace(/\.0 MB$/, ' MB')}`;

export const unavailable = (note: string): FetchedMedia => ({ kind: 'not_downloaded', reason: 'unavailable', note, size: null });

/** A size the platform gave as a number or a numeric string ("303833"), or null. */
export function sizeOf(value: unknown): number | null {
  const size = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(size) && size >= 0 ? size : null;
}

/**
 * The body of a download, or the size that passed `limit`: the Content-Length is believed when it says
 * too much, and counted otherwise (it may be missing or wrong), the download stopped as soon as it passes.
 */
export async function readCapped(response: Response, limit: number): Promise<{ bytes: Buffer } | { tooLarge: number }> {
  const declared = sizeOf(response.headers.get('content-length'));
  if (declared !== null && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return { tooLarge: declared };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (response.body) {
    // Leaving the loop early cancels the stream, so the rest is never downloaded.
    for await (const chunk of response.body) {
      const bytes = chunk as Uint8Array;
      total += bytes.byteLength;
      if (total > limit) return { tooLarge: total };
      chunks.push(Buffer.from(bytes));
    }
  }
  return { bytes: Buffer.concat(chunks) };
}
