-- DropIndex
DROP INDEX "events_repository_subject_number_occurred_at_idx";

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "owner" TEXT,
ADD COLUMN     "thread_number" INTEGER;

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "repositories" TEXT NOT NULL,
    "allow_private" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "read_cursors" (
    "token_name" TEXT NOT NULL,
    "consumer" TEXT NOT NULL,
    "last_event_id" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "read_cursors_pkey" PRIMARY KEY ("token_name","consumer")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_name_key" ON "api_tokens"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "events_owner_occurred_at_idx" ON "events"("owner", "occurred_at");

-- CreateIndex
CREATE INDEX "events_repository_thread_number_occurred_at_idx" ON "events"("repository", "thread_number", "occurred_at");
