/**
 * The bytes GitHub signed, keyed by the payload object parsed from them, so the
 * ingest handler (which Probot hands only the parsed payload) stores the exact
 * original rather than a re-serialization.
 */
const rawBodies = new WeakMap<object, Buffer>();

export function rememberRawBody(payload: object, raw: Buffer): void {
  rawBodies.set(payload, raw);
}

export function rawBodyOf(payload: object): Buffer {
  return rawBodies.get(payload) ?? Buffer.from(JSON.stringify(payload));
}
