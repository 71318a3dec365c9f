/** The database could not be reached or refused the write: nothing was stored. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  constructor(cause: unknown) {
    super(`event store unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Prisma's error codes are duck-typed: the SQLite and PostgreSQL clients each have their own error classes. */
export function prismaErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
