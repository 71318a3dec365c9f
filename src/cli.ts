#!/usr/bin/env node
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { openDb } from "./store/db.js";
import { applyMigrations, migrationStatus } from "./store/migrate.js";
import { pruneEvents } from "./store/retention.js";
import { eventStats } from "./store/stats.js";

const USAGE = `Usage: code-buddy <command>

Commands:
  migrate           apply the database migrations that are not applied yet
  migrate status    show applied and pending migrations (exit 1 when not up to date)
  prune             delete the events the retention policy no longer keeps, now
  stats             print event counts by type and repository as JSON

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
      console.log(JSON.stringify(await eventStats(db.prisma, { namePrivateRepositories: true }), null, 2));
      return 0;
    } finally {
      await db.close();
    }
  },
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: "boolean", short: "h" } } });
  const [name, ...rest] = positionals;
  if (values.help || name === undefined) {
    console.log(USAGE);
    return name === undefined && !values.help ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  if (existsSync(".env")) process.loadEnvFile(".env");
  return command(loadConfig(), rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
