import { getTransformStream } from "@probot/pino";
import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

/** Anything that could carry a credential is removed before a log line is written. */
const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-hub-signature-256"]',
  "headers.authorization",
  "privateKey",
  "webhookSecret",
  "token",
  "*.token",
  "*.privateKey",
  "*.webhookSecret",
];

/**
 * pino with Probot's formatting (LOG_FORMAT pretty/json), shared by the app and Probot itself.
 * Written to stdout (fd 1) unless told otherwise: `code-buddy mcp` logs to stderr (fd 2), as its stdout carries JSON-RPC.
 */
export async function createLogger(config: Pick<Config, "logLevel" | "logFormat">, fd: 1 | 2 = 1): Promise<Logger> {
  const transform = await getTransformStream({ logFormat: config.logFormat });
  // SonicBoom is a writable stream in all but its typings.
  transform.pipe(pino.destination(fd) as unknown as NodeJS.WritableStream);
  return pino({ name: "code-buddy", level: config.logLevel, redact: { paths: REDACT, censor: "[redacted]" } }, transform);
}
