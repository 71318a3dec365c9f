-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "admin" BOOLEAN NOT NULL DEFAULT false;

-- The GitHub sign-ins' sessions stay open: their secret was hashed the same way (SHA-256, hex).
ALTER TABLE "console_sessions" RENAME COLUMN "token_hash" TO "secret_hash";
ALTER INDEX "console_sessions_token_hash_key" RENAME TO "console_sessions_secret_hash_key";

-- AlterTable
ALTER TABLE "console_sessions" ADD COLUMN     "last_seen_at" TIMESTAMP(3),
ADD COLUMN     "token_id" INTEGER,
ADD COLUMN     "user_agent" TEXT,
ALTER COLUMN "user_id" DROP NOT NULL,
ALTER COLUMN "created_at" DROP DEFAULT;
UPDATE "console_sessions" SET "last_seen_at" = "created_at";
ALTER TABLE "console_sessions" ALTER COLUMN "last_seen_at" SET NOT NULL;

-- CreateIndex
CREATE INDEX "console_sessions_token_id_idx" ON "console_sessions"("token_id");

-- CreateIndex
CREATE INDEX "console_sessions_expires_at_idx" ON "console_sessions"("expires_at");

-- AddForeignKey
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;
