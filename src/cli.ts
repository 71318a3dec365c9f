#!/usr/bin/env node
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { LOCAL_SCOPE } from "./auth/scope.js";
import { runTokenCommand, TOKEN_USAGE } from "./auth/token-command.js";
import { TokenError } from "./auth/tokens.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { BACKFILL_USAGE, runBackfillCommand } from "./github/backfill/backfill-command.js";
import { DELIVERIES_USAGE, runDeliveriesCommand } from "./delivery/cli/deliveries-command.js";
import { runSubscriptionCommand, SUBSCRIPTION_USAGE } from "./delivery/cli/subscription-command.js";
import { createLogger } from "./logger.js";
import { runStdioServer } from "./mcp/stdio-server.js";
import { deploymentStatus, describeStatus } from "./ops/deployment-status.js";
import { describeResults, doctorChecks, runDoctor } from "./ops/doctor.js";
import { eventStats } from "./query/event-stats.js";
import { openDb } from "./store/db.js";
import { applyMigrations, MigrationError, migrationStatus } from "./store/migrate.js";
import { pruneEvents } from "./store/retention.js";

const USAGE = `Usage: code-buddy <command>

Commands:
  migrate           apply the database migrations that are not applied yet
  migrate status    show applied and pending migrations (exit 1 when not up to date)
  prune             delete the events the retention policy no longer keeps, now
  stats             print event counts by type and repository as JSON
  status [--json]   what the deployment is doing: database, events, pending and failed
                    deliveries per subscription, console sessions (exit 1 when the database
                    is unreachable or not migrated)
  doctor [--json]   check the set-up end to end: configuration, the app's credentials and
                    webhook on GitHub, the clock, the webhook secret, Sign in with GitHub
                    (BASE_URL, the OAuth client), the database and its migrations, Letta,
                    metrics; says what to fix (exit 1 when something is wrong)
${TOKEN_USAGE}
${SUBSCRIPTION_USAGE}
${DELIVERIES_USAGE}
${BACKFILL_USAGE}
  mcp [--token <token>]
                    serve MCP on stdin/stdout, for clients that launch a command; without a
                    token (--token or CODE_BUDDY_TOKEN) it serves every event of the database

The database comes from DATABASE_URL (default ${"file:./data/code-buddy.db"}); see .env.example.`;

type Command = (config: Readonly<Config>, args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  migrate: async ({ databaseUrl }, [sub]) => {
    if (sub === "status") {
      const status = await migrationStatus(databaseUrl);
      console.log(JSON.stringify(status, null, 2));
      return status.upToDate ? 0 : 1;
    }
    if (sub !== undefined) throw new ConfigError(`Unknown "migrate ${sub}": use "migrate" or "migrate status".`);
    const applied = await applyMigrations(databaseUrl);
    console.log(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
    return 0;
  },
  prune: async ({ databaseUrl, retention }) => {
    const db = await openDb(databaseUrl);
    try {
      const deleted = await pruneEvents(db.prisma, retention, new Date());
      console.log(`Pruned ${deleted} event(s) (RETENTION_DAYS=${retention.maxAgeDays}, RETENTION_MAX_EVENTS=${retention.maxEvents}).`);
      return 0;
    } finally {
      await db.close();
    }
  },
  stats: async ({ databaseUrl }) => {
    const db = await openDb(databaseUrl);
    try {
      console.log(JSON.stringify(await eventStats(db, LOCAL_SCOPE), null, 2));
      return 0;
    } finally {
      await db.close();
    }
  },
  status: async ({ databaseUrl }, args) => {
    const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
    let migrations;
    try {
      migrations = await migrationStatus(databaseUrl);
    } catch (error) {
      console.error(`Database: NOT reachable at ${databaseUrl.replace(/\/\/[^@/]*@/, "//")} (${(error as Error).message}). Check DATABASE_URL and that the server runs.`);
      return 1;
    }
    const db = await openDb(databaseUrl);
    try {
      const status = await deploymentStatus(db, migrations, new Date());
      if (values.json) console.log(JSON.stringify(status, null, 2));
      else describeStatus(status).forEach((line) => console.log(line));
      return status.database.reachable && status.database.migrations_up_to_date ? 0 : 1;
    } finally {
      await db.close();
    }
  },
  token: async ({ databaseUrl }, args) => {
    const db = await openDb(databaseUrl);
    try {
      await runTokenCommand(db.prisma, args, (line) => console.log(line));
      return 0;
    } finally {
      await db.close();
    }
  },
  subscription: (config, args) => runSubscriptionCommand({ databaseUrl: config.databaseUrl, ...config.push }, args),
  deliveries: (config, args) => runDeliveriesCommand(config, args),
  mcp: async (config, args) => {
    const { values } = parseArgs({ args, options: { token: { type: "string" } } });
    await runStdioServer({
      databaseUrl: config.databaseUrl,
      token: values.token ?? config.token,
      // stdout carries the JSON-RPC messages only.
      log: await createLogger(config, 2),
      input: process.stdin,
      output: process.stdout,
      pollIntervalMs: 1000,
      letta: config.push.letta,
    });
    return 0;
  },
};

/** Backfill reads GitHub as the app, so it needs the credentials the other commands leave unread; a signal hands its job back. */
async function backfill(args: string[]): Promise<number> {
  const config = loadConfig(process.env);
  const interrupted = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => interrupted.abort(new Error(`${signal}: stopping`)));
  // Warnings only: the progress bar says what the info lines would, on the same stream.
  return runBackfillCommand(config, args, { err: process.stderr, log: await createLogger({ ...config, logLevel: "warn" }, 2), signal: interrupted.signal });
}

/** Doctor reads the environment itself: an invalid configuration is one of the things it reports. */
async function doctor(env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
  const results = await runDoctor(doctorChecks({ env, fetch, now: () => new Date() }));
  if (values.json) console.log(JSON.stringify(results, null, 2));
  else describeResults(results).forEach((line) => console.log(line));
  return results.some((result) => result.status === "fail") ? 1 : 0;
}

const codeOf = (error: unknown) => String((error as { code?: unknown } | null)?.code);
const NOT_MIGRATED = "The database (DATABASE_URL) has no Code Buddy tables yet: run `code-buddy migrate` first (the server also migrates when it starts).";

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || rest.includes("-h") || rest.includes("--help")) {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (name === "doctor") {
    if (existsSync(".env")) process.loadEnvFile(".env");
    return doctor(process.env, rest);
  }
  if (name === "backfill") {
    if (existsSync(".env")) process.loadEnvFile(".env");
    return backfill(rest);
  }
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  if (existsSync(".env")) process.loadEnvFile(".env");
  return command(loadConfig(process.env, { withApp: false }), rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof TokenError || error instanceof MigrationError) console.error(error.message);
    else if (codeOf(error).startsWith("ERR_PARSE_ARGS")) console.error(`${(error as Error).message}\n\n${USAGE}`);
    // Prisma's code for a missing table.
    else if (codeOf(error) === "P2021") console.error(NOT_MIGRATED);
    else console.error(error);
    process.exit(1);
  },
);
