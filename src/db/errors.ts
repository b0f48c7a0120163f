// What PostgreSQL errors mean to the domain. Drizzle may wrap the driver's error, so the code is
// looked for on the error and on its cause.

/** A unique index refused the write (SQLSTATE 23505): the name, key or pair is already taken. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}

/** PostgreSQL ended the transaction to break a deadlock (40P01) or a serialization conflict (40001): taking it again is safe. */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '40P01' || code === '40001';
}

/** Runs a transaction's work again (up to `attempts` times in all) when PostgreSQL ends it with a retryable conflict. */
export async function retryingConflicts<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
    }
  }
}
