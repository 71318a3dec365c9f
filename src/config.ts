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

/** Loopback browser clients on any port (e.g. the MCP Inspector's UI); anything else must be listed. */
export const DEFAULT_MCP_ALLOWED_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"] as const;
const ORIGIN_PATTERN = /^(\*|https?:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:(\d{1,5}|\*))?)$/;

const splitList = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim().replace(/\/$/, ""))
    .filter((item) => item !== "");
const originList = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .refine((value) => splitList(value).every((origin) => ORIGIN_PATTERN.test(origin)), {
      error: "must be a comma-separated list of origins such as https://app.example.com, http://localhost:* (any port) or * (any origin)",
    })
    .transform(splitList)
    .optional(),
);

/** A host name or IP with an optional port, as GitHub Enterprise Server is reached: no scheme, no path. */
const HOST_PATTERN = /^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:]+\])(:\d{1,5})?$/;
const gheHost = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .regex(HOST_PATTERN, { error: "must be your GitHub Enterprise Server's host name, e.g. github.example.com or 10.0.0.5:8443 (no https://, no path)" })
    .refine((host) => !/^(api\.)?github\.com(:\d+)?$/i.test(host), { error: "is for GitHub Enterprise Server only: leave it empty for github.com" })
    .optional(),
);

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Why `value` cannot be Code Buddy's public origin, or null when it can be. */
function baseUrlProblem(value: string): string | null {
  const url = URL.parse(value);
  if (url === null || !["https:", "http:"].includes(url.protocol)) return "must be the public URL Code Buddy is reached at, e.g. https://code-buddy.example.com";
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname))
    return "must use https (http only on localhost or 127.0.0.1, for development): OAuth 2.1 issuers and their tokens need TLS";
  if (!["", "/"].includes(url.pathname) || url.search !== "" || url.hash !== "")
    return "must be an origin only, without a path, query or fragment, e.g. https://code-buddy.example.com";
  return null;
}

/** The public origin Code Buddy is reached at (BASE_URL). */
const baseUrl = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .transform((value, ctx) => {
      const problem = baseUrlProblem(value);
      if (problem === null) return new URL(value).origin;
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    })
    .optional(),
);

export const DEFAULT_LETTA_BASE_URL = "https://api.letta.com";

/** Like Svix: a quick retry for a blip, then ever longer waits, about 33 hours in all. */
export const DEFAULT_RETRY_SCHEDULE = "5s,5m,30m,2h,5h,10h,10h";

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "5s,5m,2h" → [5000, 300000, 7200000]; throws a message saying what a valid value looks like. */
export function parseRetrySchedule(text: string): number[] {
  return text.split(",").map((step) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(step);
    if (!match) throw new Error(`"${step.trim()}" is not a wait: write a number and a unit (ms, s, m, h or d), e.g. 5s,5m,30m,2h`);
    return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
  });
}

/** "5s,5m,30m,2h": the waits before each retry of a push. */
const retrySchedule = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .default(DEFAULT_RETRY_SCHEDULE)
    .transform((text, ctx) => {
      try {
        return parseRetrySchedule(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
);

const envSchema = z.object({
  APP_ID: z.preprocess(emptyAsUndefined, z.coerce.number({ error: "must be the numeric App ID GitHub shows on the app's settings page" }).int().positive().optional()),
  WEBHOOK_SECRET: optionalString,
  WEBHOOK_PATH: z.preprocess(
    emptyAsUndefined,
    z.string().startsWith("/", { error: 'must be a path starting with "/", e.g. /api/github/webhooks' }).default("/api/github/webhooks"),
  ),
  WEBHOOK_MAX_BYTES: integer(1024, GITHUB_MAX_PAYLOAD_BYTES, "bytes; GitHub sends at most 25 MB"),
  PORT: integer(0, 3000, "a TCP port, 0 picks a free one").pipe(z.number().max(65535, { error: "must be at most 65535" })),
  HOST: z.preprocess(emptyAsUndefined, z.string().default("localhost")),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info")),
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(["json", "pretty"], { error: "must be json or pretty" }).optional()),
  NODE_ENV: optionalString,
  DYNO: optionalString,
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
  BACKFILL_DAYS: integer(0, 14, "days of each new repository's history imported; 0 imports none unless code-buddy backfill asks"),
  DELIVERY_RETRY_SCHEDULE: retrySchedule,
  DELIVERY_DISABLE_AFTER_HOURS: integer(1, 120, "hours a subscription may fail every attempt before it is disabled"),
  DELIVERY_WEBHOOK_TIMEOUT_SECONDS: integer(1, 15, "seconds a webhook receiver has to answer"),
  DELIVERY_LEASE_SECONDS: integer(1, 180, "seconds a worker holds a delivery it sends; longer than any request's timeout"),
  DELIVERY_CONCURRENCY: integer(1, 4, "deliveries of one subscription in flight at once"),
  DELIVERY_POLL_MS: integer(50, 1000, "milliseconds between two checks of the outbox for retries and other instances' rows"),
  LETTA_BASE_URL: z.preprocess(emptyAsUndefined, z.url({ error: "must be the Letta server's URL, e.g. https://api.letta.com" }).default(DEFAULT_LETTA_BASE_URL)),
  LETTA_API_KEY: optionalString,
  LETTA_AGENT_ID: optionalString,
  LETTA_TIMEOUT_SECONDS: integer(1, 120, "seconds a Letta agent has to answer a message"),
  LETTA_MAX_EVENTS_PER_MESSAGE: integer(1, 20, "events sent together in one message to a Letta agent"),
  MCP_ALLOWED_ORIGINS: originList,
  MCP_SESSION_IDLE_MINUTES: integer(1, 30, "minutes an MCP session may go without a request or an open stream before it ends"),
  MCP_MAX_SESSIONS: integer(1, 1000, "MCP sessions held open at once by this process"),
  MCP_KEEPALIVE_SECONDS: integer(1, 15, "seconds between two keep-alive comments on an idle MCP event stream"),
  CODE_BUDDY_TOKEN: optionalString,
  GHE_HOST: gheHost,
  GHE_PROTOCOL: z.preprocess(emptyAsUndefined, z.enum(["https", "http"], { error: "must be https or http" }).default("https")),
  BASE_URL: baseUrl,
  GITHUB_CLIENT_ID: optionalString,
  GITHUB_CLIENT_SECRET: optionalString,
  OAUTH_ACCESS_TOKEN_MINUTES: integer(1, 60, "minutes an OAuth access token is valid"),
  OAUTH_REFRESH_TOKEN_DAYS: integer(1, 30, "days an OAuth refresh token is valid; each refresh rotates it"),
  OAUTH_ACCESS_RECHECK_MINUTES: integer(1, 15, "minutes between two checks of what GitHub lets each signed-in user see"),
  API_STREAM_KEEPALIVE_SECONDS: integer(1, 15, "seconds between two keep-alive comments on an idle /api/v1/events/stream"),
  API_MAX_STREAMS: integer(1, 1000, "event streams (/api/v1/events/stream) held open at once by this process"),
  CONSOLE_SESSION_HOURS: integer(1, 12, "hours a console sign-in lasts"),
  EVENTS_SOURCE: z.preprocess(
    emptyAsUndefined,
    z.enum(["webhooks", "events-api"], { error: "must be webhooks (GitHub delivers to Code Buddy) or events-api (Code Buddy polls GitHub's Events API)" }).default("webhooks"),
  ),
  EVENTS_POLL_MIN_INTERVAL_SECONDS: integer(1, 60, "seconds between two reads of one Events API feed at least; GitHub's X-Poll-Interval can make it longer"),
  EVENTS_FEEDS_REFRESH_MINUTES: integer(1, 10, "minutes between two listings of the installations' repositories to poll"),
  EVENTS_POLL_CONCURRENCY: integer(1, 4, "Events API feeds read at once by this process"),
  GITHUB_TOKEN: optionalString,
  GITHUB_POLL_USERS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform(splitList)
      .refine((logins) => logins.every((login) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login)), {
        error: "must be a comma-separated list of GitHub logins, e.g. octocat,hubot",
      })
      .optional(),
  ),
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, { error: "must be at least 16 characters (generate one with: openssl rand -hex 32)" }).optional()),
});

/** Every variable loadConfig reads (the deploy manifests, app.json and render.yaml, are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze([...Object.keys(envSchema.shape), "PRIVATE_KEY", "PRIVATE_KEY_PATH"]);

export type LogLevel = (typeof LOG_LEVELS)[number];

/** The one GitHub every call goes to: github.com, or the GitHub Enterprise Server of GHE_HOST. */
export interface GitHubConfig {
  /** The REST API: https://api.github.com, or <protocol>://<GHE_HOST>/api/v3. */
  apiBaseUrl: string;
  /** The web site (links, OAuth pages): https://github.com, or <protocol>://<GHE_HOST>. */
  webBaseUrl: string;
}

/**
 * Sign in with GitHub: Code Buddy as the OAuth 2.1 authorization server of its MCP endpoint, delegating
 * the login to the GitHub App's own user authorization. Every URL derives from `baseUrl`.
 */
export interface OAuthConfig {
  /** The public origin (BASE_URL): the issuer, and the base of every metadata URL and resource. */
  baseUrl: string;
  /** The GitHub App's OAuth credentials (GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET). */
  clientId: string;
  clientSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How often what GitHub lets a signed-in user see is read again (their token's scope follows). */
  accessRecheckMs: number;
  /** A sign-in's session at the authorization server lasts as long as a console sign-in (CONSOLE_SESSION_HOURS). */
  sessionTtlSeconds: number;
}

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
  /** Days of history imported when an installation gains repositories (and `code-buddy backfill`'s default); 0: none. */
  backfillDays: number;
  /** Pushes to subscriptions: retries and timeouts, and the Letta server (src/delivery reads it as PushConfig). */
  push: {
    /** How the delivery worker sends, retries and gives up (DELIVERY_* variables). */
    delivery: {
      /** Waits before each retry, in ms; after the last one a delivery is failed (dead letter). */
      retryScheduleMs: readonly number[];
      /** A subscription whose every attempt failed for this long is disabled. */
      disableAfterMs: number;
      webhookTimeoutMs: number;
      /** A worker's hold on a delivery it sends; must outlast the longest request, or a slow one is sent twice. */
      leaseMs: number;
      /** Deliveries of one subscription in flight at once (Letta: always one, see orderKeyOf). */
      concurrencyPerSubscription: number;
      /** How often the outbox is checked besides the wake-ups: retries, rows written by other instances. */
      pollIntervalMs: number;
    };
    /** A Letta server: the subscriptions' default and the send_message_to_letta tool's (LETTA_* variables). */
    letta: {
      baseUrl: string;
      /** Empty for a self-hosted server without authentication. */
      apiKey: string;
      /** The agent send_message_to_letta talks to when the call names none. */
      agentId: string | null;
      /** Agents think before they answer: much longer than a webhook's timeout. */
      timeoutMs: number;
      /** Events waiting for one agent are sent together, at most this many per message. */
      maxEventsPerMessage: number;
    };
  };
  mcp: McpConfig;
  api: ApiConfig;
  console: ConsoleConfig;
  /** GET /metrics answers only this bearer token; null: no /metrics at all. */
  metricsToken: string | null;
  /** The bearer token `code-buddy mcp` (stdio) runs with; null runs it with the local, unrestricted scope. */
  token: string | null;
  github: GitHubConfig;
  /** Null unless EVENTS_SOURCE=events-api. */
  eventsApi: EventsApiConfig | null;
  /** Null when OAuth is off; `oauthOff` then says why (logged at start). */
  oauth: OAuthConfig | null;
  oauthOff: string | null;
}

/** Polling GitHub's Events API instead of (or besides) receiving webhooks (EVENTS_SOURCE=events-api). */
export interface EventsApiConfig {
  minIntervalMs: number;
  refreshMs: number;
  concurrency: number;
  /** A personal token (GITHUB_TOKEN) that reads `users`' feeds; null: the app's installations only. */
  token: string | null;
  /** GITHUB_POLL_USERS: whose events and received events are polled with `token`. */
  users: readonly string[];
}

export interface ApiConfig {
  /** An idle /api/v1/events/stream carries a comment this often, so that proxies keep it open. */
  keepAliveMs: number;
  maxStreams: number;
}

export interface ConsoleConfig {
  /** How long a console sign-in lasts. */
  sessionTtlMs: number;
}

export interface McpConfig {
  /** Browser origins allowed on /mcp, /sse and /messages; requests without an Origin header are always allowed. */
  allowedOrigins: readonly string[];
  sessionIdleMinutes: number;
  maxSessions: number;
  /** An idle 2026-07-28 subscriptions/listen stream carries a comment this often, so that proxies keep it open. */
  keepAliveMs: number;
}

/** What the delivery worker, its commands and the Letta tool read of the configuration. */
export type PushConfig = Config["push"];
export type DeliveryConfig = PushConfig["delivery"];
export type LettaConfig = PushConfig["letta"];

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

/** Parses the GitHub App's credentials, all or none: a partial set is a mistake worth stopping for. */
function readApp(env: NodeJS.ProcessEnv, appId: number | undefined, webhookSecret: string | undefined): AppCredentials | null {
  const privateKey = readPrivateKey(env);
  if (appId === undefined && privateKey === undefined) return null;
  if (appId === undefined) throw new ConfigError("APP_ID is missing: set it to the App ID shown on your GitHub App's settings page (a private key is configured).");
  if (privateKey === undefined) throw new ConfigError("PRIVATE_KEY or PRIVATE_KEY_PATH is missing: generate a private key on your GitHub App's settings page and set one of them.");
  if (webhookSecret === undefined)
    throw new ConfigError("WEBHOOK_SECRET is missing: set it to the webhook secret of your GitHub App (there is no default, so unsigned or forged deliveries cannot be accepted).");
  return { appId, privateKey, webhookSecret };
}

function readOAuth(e: z.infer<typeof envSchema>): { oauth: OAuthConfig | null; oauthOff: string | null } {
  const missing = [
    e.BASE_URL === undefined && "BASE_URL",
    e.GITHUB_CLIENT_ID === undefined && "GITHUB_CLIENT_ID",
    e.GITHUB_CLIENT_SECRET === undefined && "GITHUB_CLIENT_SECRET",
  ].filter((name): name is string => name !== false);
  if (missing.length > 0)
    return {
      oauth: null,
      oauthOff: `Sign in with GitHub (OAuth for MCP hosts and the console) is off: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set. Set BASE_URL to the public URL and GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET to the GitHub App's client id and a client secret.`,
    };
  return {
    oauthOff: null,
    oauth: Object.freeze({
      baseUrl: e.BASE_URL!,
      clientId: e.GITHUB_CLIENT_ID!,
      clientSecret: e.GITHUB_CLIENT_SECRET!,
      accessTokenTtlSeconds: e.OAUTH_ACCESS_TOKEN_MINUTES * 60,
      refreshTokenTtlSeconds: e.OAUTH_REFRESH_TOKEN_DAYS * 86_400,
      accessRecheckMs: e.OAUTH_ACCESS_RECHECK_MINUTES * 60_000,
      sessionTtlSeconds: e.CONSOLE_SESSION_HOURS * 3600,
    }),
  };
}

/** Polling users' events with a personal token, without a GitHub App: no webhooks, no installations. */
export function personalTokenOnly(config: Pick<Config, "app" | "eventsApi">): boolean {
  return config.app === null && config.eventsApi?.token != null;
}

function readEventsApi(e: z.infer<typeof envSchema>): EventsApiConfig | null {
  if (e.EVENTS_SOURCE === "webhooks") return null;
  const users = e.GITHUB_POLL_USERS ?? [];
  if (users.length > 0 && e.GITHUB_TOKEN === undefined)
    throw new ConfigError(
      "GITHUB_POLL_USERS is set but GITHUB_TOKEN is not: their events are read with a personal access token; create one (no scope needed for public events, repo for private ones) and set GITHUB_TOKEN.",
    );
  return Object.freeze({
    minIntervalMs: e.EVENTS_POLL_MIN_INTERVAL_SECONDS * 1000,
    refreshMs: e.EVENTS_FEEDS_REFRESH_MINUTES * 60_000,
    concurrency: e.EVENTS_POLL_CONCURRENCY,
    token: users.length > 0 ? e.GITHUB_TOKEN! : null,
    users: Object.freeze(users),
  });
}

/**
 * A Heroku dyno's disk is its own and is emptied at every restart (at least daily): a SQLite file there loses
 * every event, and one written by `heroku run` (a token, a subscription) never reaches the web dyno.
 */
function refuseDynoDisk(dyno: string | undefined, databaseUrl: string): void {
  if (dyno === undefined || !databaseUrl.startsWith("file:")) return;
  throw new ConfigError(
    `DATABASE_URL is a SQLite file (${databaseUrl}) on a Heroku dyno (DYNO=${dyno}): the dyno's disk is emptied at every restart, at least daily, ` +
      "and every dyno (heroku run included) has its own, so events, tokens and subscriptions would be lost. Add PostgreSQL, which sets DATABASE_URL, " +
      "and let pg accept Heroku's certificate: heroku addons:create heroku-postgresql:essential-0 && heroku config:set PGSSLMODE=no-verify",
  );
}

function readGitHub(host: string | undefined, protocol: "https" | "http"): GitHubConfig {
  if (host === undefined) return { apiBaseUrl: "https://api.github.com", webBaseUrl: "https://github.com" };
  const webBaseUrl = `${protocol}://${host}`;
  return { apiBaseUrl: `${webBaseUrl}/api/v3`, webBaseUrl };
}

/**
 * Parses the environment once; every other module receives the result.
 * `withApp: false` (operator commands that only use the database) leaves the
 * GitHub App's credentials unread, so a stray .pem cannot stop them.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, { withApp = true }: { withApp?: boolean } = {}): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  refuseDynoDisk(e.DYNO, e.DATABASE_URL);
  const app = withApp ? readApp(env, e.APP_ID, e.WEBHOOK_SECRET) : null;
  const eventsApi = readEventsApi(e);
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
    backfillDays: e.BACKFILL_DAYS,
    push: Object.freeze({
      delivery: Object.freeze({
        retryScheduleMs: Object.freeze(e.DELIVERY_RETRY_SCHEDULE),
        disableAfterMs: e.DELIVERY_DISABLE_AFTER_HOURS * 3_600_000,
        webhookTimeoutMs: e.DELIVERY_WEBHOOK_TIMEOUT_SECONDS * 1000,
        leaseMs: e.DELIVERY_LEASE_SECONDS * 1000,
        concurrencyPerSubscription: e.DELIVERY_CONCURRENCY,
        pollIntervalMs: e.DELIVERY_POLL_MS,
      }),
      letta: Object.freeze({
        baseUrl: e.LETTA_BASE_URL,
        apiKey: e.LETTA_API_KEY ?? "",
        agentId: e.LETTA_AGENT_ID ?? null,
        timeoutMs: e.LETTA_TIMEOUT_SECONDS * 1000,
        maxEventsPerMessage: e.LETTA_MAX_EVENTS_PER_MESSAGE,
      }),
    }),
    mcp: Object.freeze({
      allowedOrigins: Object.freeze(e.MCP_ALLOWED_ORIGINS ?? [...DEFAULT_MCP_ALLOWED_ORIGINS]),
      sessionIdleMinutes: e.MCP_SESSION_IDLE_MINUTES,
      maxSessions: e.MCP_MAX_SESSIONS,
      keepAliveMs: e.MCP_KEEPALIVE_SECONDS * 1000,
    }),
    api: Object.freeze({ keepAliveMs: e.API_STREAM_KEEPALIVE_SECONDS * 1000, maxStreams: e.API_MAX_STREAMS }),
    console: Object.freeze({ sessionTtlMs: e.CONSOLE_SESSION_HOURS * 3_600_000 }),
    metricsToken: e.METRICS_TOKEN ?? null,
    token: e.CODE_BUDDY_TOKEN ?? null,
    github: Object.freeze(readGitHub(e.GHE_HOST, e.GHE_PROTOCOL)),
    eventsApi,
    ...(personalTokenOnly({ app, eventsApi })
      ? { oauth: null, oauthOff: "Sign in with GitHub is off: it signs people in with the GitHub App's OAuth credentials, and Code Buddy runs without an app (GITHUB_TOKEN)." }
      : readOAuth(e)),
  });
}
