import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.js";

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `Request body is larger than the limit of ${maxBytes} bytes (WEBHOOK_MAX_BYTES).`, { connection: "close" });
}

/** Reads the whole body, refusing it as soon as it passes maxBytes (before buffering it all). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}
