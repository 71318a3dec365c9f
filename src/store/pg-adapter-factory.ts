import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryFunction = (...args: unknown[]) => unknown;

function charColumnsAsText(result: unknown): unknown {
  for (const field of (result as pg.QueryResult).fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

/**
 * adapter-pg cannot map PG's internal "char" type (oid 18), which the engine's schema description
 * queries return (`Column type 'char' could not be deserialized`), so such columns are reported as text.
 * The engine runs those queries through pool.query, never in a transaction.
 */
function createPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString });
  const query = (pool.query as QueryFunction).bind(pool);
  (pool as unknown as { query: QueryFunction }).query = (...args) => {
    const result = query(...args);
    return result instanceof Promise ? result.then(charColumnsAsText) : result;
  };
  return pool;
}

async function connect(connectionString: string): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPg(createPool(connectionString), { disposeExternalPool: true }).connect();
  // adapter-pg's executeScript splits a migration on every ";", even inside a comment, a string or a $$ body.
  // Without parameters pg uses the simple protocol, which runs the whole script at once, in one implicit transaction.
  adapter.executeScript = (script) => adapter.executeRaw({ sql: script, args: [], argTypes: [] }).then(() => undefined);
  return adapter;
}

function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * adapter-pg's own connectToShadowDb connects to the main database when given a connection string,
 * and drops the shadow database before closing its pool, which fails and leaves it behind.
 */
async function connectToShadowDb(connectionString: string): Promise<SqlDriverAdapter> {
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  const database = `prisma_migrate_shadow_db_${randomUUID()}`;
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const shadow = await connect(withDatabase(connectionString, database));
  const dispose = shadow.dispose.bind(shadow);
  shadow.dispose = async () => {
    try {
      await dispose();
      // FORCE: pool.end() resolves before the server has closed the pool's sessions.
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
  return shadow;
}

/** The schema engine's connection factory for a postgres:// URL. Each connection owns its pool, ended on dispose. */
export function pgAdapterFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connect(databaseUrl),
    connectToShadowDb: () => connectToShadowDb(databaseUrl),
  };
}
