/** A query the caller can fix: the message says what was wrong and what to pass instead. */
export class QueryError extends Error {
  override name = "QueryError";
}
