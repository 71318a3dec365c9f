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

/** pino with Probot's formatting (LOG_FORMAT pretty/json), shared by the app and Probot itself. */
export async function createLogger(config: Pick<Config, "logLevel" | "logFormat">): Promise<Logger> {
  const transform = await getTransformStream({ logFormat: config.logFormat });
  // SonicBoom is a writable stream in all but its typings.
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  return pino({ name: "code-buddy", level: config.logLevel, redact: { paths: REDACT, censor: "[redacted]" } }, transform);
}
