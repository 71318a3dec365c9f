/** The two databases Code Buddy runs on: a SQLite file (the default) or a PostgreSQL server. */
export type Provider = "sqlite" | "postgres";

export function providerOf(databaseUrl: string): Provider {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? "postgres" : "sqlite";
}

export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}
