-- CreateTable
CREATE TABLE "github_users" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "login" TEXT NOT NULL,
    "name" TEXT,
    "credentials" TEXT NOT NULL,
    "repositories" TEXT NOT NULL,
    "owner_of" TEXT NOT NULL,
    "accounts" TEXT NOT NULL,
    "access_checked_at" DATETIME NOT NULL,
    "access_error" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "oauth_records" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "grant_id" TEXT,
    "uid" TEXT,
    "payload" TEXT NOT NULL,
    "expires_at" DATETIME,
    "consumed_at" DATETIME
);

-- CreateTable
CREATE TABLE "sign_in_states" (
    "state_hash" TEXT NOT NULL PRIMARY KEY,
    "purpose" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "expires_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "console_sessions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token_hash" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" DATETIME NOT NULL,
    CONSTRAINT "console_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "github_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "github_users_access_checked_at_idx" ON "github_users"("access_checked_at");

-- CreateIndex
CREATE INDEX "oauth_records_grant_id_idx" ON "oauth_records"("grant_id");

-- CreateIndex
CREATE INDEX "oauth_records_kind_uid_idx" ON "oauth_records"("kind", "uid");

-- CreateIndex
CREATE INDEX "oauth_records_expires_at_idx" ON "oauth_records"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_records_kind_key_hash_key" ON "oauth_records"("kind", "key_hash");

-- CreateIndex
CREATE UNIQUE INDEX "console_sessions_token_hash_key" ON "console_sessions"("token_hash");

-- CreateIndex
CREATE INDEX "console_sessions_user_id_idx" ON "console_sessions"("user_id");
