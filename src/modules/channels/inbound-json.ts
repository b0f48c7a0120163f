// Reading untrusted webhook JSON without throwing: each accessor returns undefined for anything of the wrong shape.

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asObjects(value: unknown): JsonObject[] {
  return asArray(value).flatMap((item) => {
    const object = asObject(item);
    return object ? [object] : [];
  });
}

/** A string with something in it (blank is no id); numbers (ids sent as numbers) become their decimal string */
export function asId(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim().length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}

/** A MIME type as platforms declare it ("image/jpeg", "audio/ogg; codecs=opus"); anything else is no type */
export function asMimeType(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\w.+-]+\/[\w.+*-]+/.test(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/**
 * A platform time: epoch seconds or milliseconds (as number or digit string) or an ISO date.
 * Anything unreadable falls back to `fallback` (the envelope's time, then the moment of parsing).
 */
export function asTime(value: unknown, fallback?: Date): Date {
  const number = asNumber(value);
  let ms: number | undefined;
  if (number !== undefined) ms = Math.abs(number) < 1e11 ? number * 1000 : number;
  else if (typeof value === 'string') ms = Date.parse(value);
  if (ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15) return new Date(ms);
  return fallback ?? new Date();
}

/** Keeps only the entries whose value is defined, so `data` stays small and JSON-clean */
export function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
