-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_api_tokens" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "repositories" TEXT NOT NULL,
    "allow_private" BOOLEAN NOT NULL DEFAULT false,
    "admin" BOOLEAN NOT NULL DEFAULT false,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" DATETIME
);
INSERT INTO "new_api_tokens" ("allow_private", "created_at", "id", "last_used_at", "name", "repositories", "token_hash") SELECT "allow_private", "created_at", "id", "last_used_at", "name", "repositories", "token_hash" FROM "api_tokens";
DROP TABLE "api_tokens";
ALTER TABLE "new_api_tokens" RENAME TO "api_tokens";
CREATE UNIQUE INDEX "api_tokens_name_key" ON "api_tokens"("name");
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");
CREATE TABLE "new_console_sessions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "secret_hash" TEXT NOT NULL,
    "token_id" INTEGER,
    "user_id" INTEGER,
    "user_agent" TEXT,
    "created_at" DATETIME NOT NULL,
    "last_seen_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    CONSTRAINT "console_sessions_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_tokens" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "console_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "github_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- The GitHub sign-ins' sessions stay open: their secret was hashed the same way (SHA-256, hex).
INSERT INTO "new_console_sessions" ("created_at", "expires_at", "id", "user_id", "secret_hash", "last_seen_at") SELECT "created_at", "expires_at", "id", "user_id", "token_hash", "created_at" FROM "console_sessions";
DROP TABLE "console_sessions";
ALTER TABLE "new_console_sessions" RENAME TO "console_sessions";
CREATE UNIQUE INDEX "console_sessions_secret_hash_key" ON "console_sessions"("secret_hash");
CREATE INDEX "console_sessions_token_id_idx" ON "console_sessions"("token_id");
CREATE INDEX "console_sessions_user_id_idx" ON "console_sessions"("user_id");
CREATE INDEX "console_sessions_expires_at_idx" ON "console_sessions"("expires_at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
