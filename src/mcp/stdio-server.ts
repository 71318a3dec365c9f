import type { Readable, Writable } from "node:stream";
import type { Logger } from "pino";
import { LOCAL_SCOPE, type Scope } from "../auth/scope.js";
import type { LettaConfig } from "../config.js";
import { lookupToken, recordTokenUse, TokenError } from "../auth/tokens.js";
import { EventBus } from "../events/event-bus.js";
import { startPostgresAnnouncer } from "../events/postgres-announcer.js";
import { openDb, type PrismaDb } from "../store/db.js";
import { startEventPoller } from "./event-poller.js";
import { createScopedServers } from "./scoped-servers.js";
import { serveStdio } from "./transports/stdio.js";

export interface StdioServerOptions {
  databaseUrl: string;
  /** Restricts the session to this token's scope; null serves everything, as the database is on this machine anyway. */
  token: string | null;
  log: Logger;
  input: Readable;
  output: Writable;
  /** How often the store is read for events stored by other processes (the server). */
  pollIntervalMs: number;
  letta: LettaConfig;
}

async function scopeOf(prisma: PrismaDb, token: string | null): Promise<Scope> {
  if (token === null) return LOCAL_SCOPE;
  const found = await lookupToken(prisma, token);
  if (!found)
    throw new TokenError(
      "The token given with --token (or CODE_BUDDY_TOKEN) is not valid: it is unknown or was revoked. See the tokens with: code-buddy token list. Leave the token out to serve every event of this database.",
    );
  await recordTokenUse(prisma, found, new Date());
  return found.scope;
}

const REVOKED =
  "The token this session was started with (--token or CODE_BUDDY_TOKEN) was revoked, so the session ends. Start code-buddy mcp again with a valid token: code-buddy token create <name> --repo owner/name.";

/** Looked up before every message, as the HTTP transports do on every request, so revoking a token ends its stdio sessions too. */
async function revocation(prisma: PrismaDb, token: string, log: Logger): Promise<string | null> {
  if (await lookupToken(prisma, token)) return null;
  log.warn("the session's token was revoked; ending the stdio session");
  return REVOKED;
}

/**
 * `code-buddy mcp`: one MCP session on stdin/stdout over the same database the
 * server fills. It does not migrate: that is the server's (or `code-buddy
 * migrate`'s) job, and the schema engine cannot migrate a SQLite file a
 * running server holds open anyway.
 */
export async function runStdioServer({ databaseUrl, token, log, input, output, pollIntervalMs, letta }: StdioServerOptions): Promise<void> {
  const db = await openDb(databaseUrl);
  try {
    const scope = await scopeOf(db.prisma, token);
    const bus = new EventBus((error) => log.error({ err: error }, "an MCP subscription listener failed"));
    // On PostgreSQL the database announces each commit; the poller, by ids, could miss one committed out of id order.
    const feed =
      db.provider === "postgres"
        ? await startPostgresAnnouncer({ databaseUrl, db, bus, log })
        : await startEventPoller({ prisma: db.prisma, bus, intervalMs: pollIntervalMs, log });
    try {
      log.info({ tokenName: scope.name, database: db.provider }, "serving MCP on stdio");
      const servers = createScopedServers({ db, clock: () => new Date(), log, events: bus, letta });
      await serveStdio({
        servers,
        scope,
        input,
        output,
        onerror: (error) => log.debug({ err: error }, "MCP message refused or failed"),
        ...(token !== null && { refusal: () => revocation(db.prisma, token, log) }),
      });
    } finally {
      await feed.stop();
    }
  } finally {
    await db.close();
  }
}
