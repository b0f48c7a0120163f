// What PostgreSQL errors mean to the domain. Drizzle may wrap the driver's error, so the code is
// looked for on the error and on its cause.

/** A unique index refused the write (SQLSTATE 23505): the name, key or pair is already taken. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}
