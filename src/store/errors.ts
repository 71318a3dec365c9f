/** The database could not be reached or refused the write: nothing was stored. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  constructor(cause: unknown) {
    super(`event store unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}
