import { getPrivateKey } from "@probot/get-private-key";
import { z } from "zod";

export const DEFAULT_DATABASE_URL = "file:./data/code-buddy.db";
/** GitHub caps webhook payloads at 25 MB. */
export const GITHUB_MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

const emptyAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const integer = (min: number, fallback: number, what: string) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: `must be a whole number (${what})` })
      .int({ error: `must be a whole number (${what})` })
      .min(min, { error: `must be at least ${min} (${what})` })
      .default(fallback),
  );

const envSchema = z.object({
  APP_ID: z.preprocess(emptyAsUndefined, z.coerce.number({ error: "must be the numeric App ID GitHub shows on the app's settings page" }).int().positive().optional()),
  WEBHOOK_SECRET: optionalString,
  WEBHOOK_PATH: z.preprocess(emptyAsUndefined, z.string().startsWith("/", { error: 'must be a path starting with "/", e.g. /api/github/webhooks' }).default("/api/github/webhooks")),
  WEBHOOK_MAX_BYTES: integer(1024, GITHUB_MAX_PAYLOAD_BYTES, "bytes; GitHub sends at most 25 MB"),
  PORT: integer(0, 3000, "a TCP port, 0 picks a free one").pipe(z.number().max(65535, { error: "must be at most 65535" })),
  HOST: z.preprocess(emptyAsUndefined, z.string().default("localhost")),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info")),
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(["json", "pretty"], { error: "must be json or pretty" }).optional()),
  NODE_ENV: optionalString,
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, { error: "must be file:<path> for SQLite or postgres://user@host:5432/db for PostgreSQL" })
      .default(DEFAULT_DATABASE_URL),
  ),
  RETENTION_DAYS: integer(0, 90, "days to keep events; 0 keeps them forever"),
  RETENTION_MAX_EVENTS: integer(0, 0, "events to keep at most; 0 means no limit"),
  RETENTION_INTERVAL_MINUTES: integer(1, 60, "minutes between two prunes"),
  RECOVERY_INTERVAL_MINUTES: integer(0, 30, "minutes between two checks of GitHub's delivery log; 0 disables recovery"),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

/** A registered GitHub App: what Probot needs to verify webhooks and authenticate. */
export interface AppCredentials {
  appId: number;
  privateKey: string;
  webhookSecret: string;
}

export interface Config {
  /** Null until the app is registered: the server then shows Probot's registration page. */
  app: AppCredentials | null;
  webhookPath: string;
  webhookMaxBytes: number;
  port: number;
  host: string;
  logLevel: LogLevel;
  logFormat: "json" | "pretty";
  databaseUrl: string;
  retention: { maxAgeDays: number; maxEvents: number; intervalMinutes: number };
  /** Minutes between two recoveries of missed deliveries (also run at start); 0 disables them. */
  recoveryIntervalMinutes: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function readPrivateKey(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return getPrivateKey({ env }) ?? undefined;
  } catch (error) {
    throw new ConfigError(`PRIVATE_KEY / PRIVATE_KEY_PATH: ${(error as Error).message}`);
  }
}

/** Parses the environment once; every other module receives the result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  const privateKey = readPrivateKey(env);
  let app: AppCredentials | null = null;
  if (e.APP_ID !== undefined || privateKey !== undefined) {
    if (e.APP_ID === undefined) throw new ConfigError("APP_ID is missing: set it to the App ID shown on your GitHub App's settings page (a private key is configured).");
    if (privateKey === undefined) throw new ConfigError("PRIVATE_KEY or PRIVATE_KEY_PATH is missing: generate a private key on your GitHub App's settings page and set one of them.");
    if (e.WEBHOOK_SECRET === undefined) throw new ConfigError("WEBHOOK_SECRET is missing: set it to the webhook secret of your GitHub App (there is no default, so unsigned or forged deliveries cannot be accepted).");
    app = { appId: e.APP_ID, privateKey, webhookSecret: e.WEBHOOK_SECRET };
  }
  return Object.freeze({
    app,
    webhookPath: e.WEBHOOK_PATH,
    webhookMaxBytes: e.WEBHOOK_MAX_BYTES,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === "production" ? "json" : "pretty"),
    databaseUrl: e.DATABASE_URL,
    retention: Object.freeze({ maxAgeDays: e.RETENTION_DAYS, maxEvents: e.RETENTION_MAX_EVENTS, intervalMinutes: e.RETENTION_INTERVAL_MINUTES }),
    recoveryIntervalMinutes: e.RECOVERY_INTERVAL_MINUTES,
  });
}
