-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "events" (
    "id" SERIAL NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "action" TEXT,
    "repository" TEXT,
    "private" BOOLEAN NOT NULL DEFAULT false,
    "actor" TEXT,
    "installation_id" INTEGER,
    "subject_type" TEXT,
    "subject_number" INTEGER,
    "summary" TEXT NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "event" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "payload_codec" TEXT NOT NULL,
    "payload_bytes" INTEGER NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "events_delivery_id_key" ON "events"("delivery_id");

-- CreateIndex
CREATE INDEX "events_occurred_at_idx" ON "events"("occurred_at");

-- CreateIndex
CREATE INDEX "events_repository_occurred_at_idx" ON "events"("repository", "occurred_at");

-- CreateIndex
CREATE INDEX "events_event_type_occurred_at_idx" ON "events"("event_type", "occurred_at");

-- CreateIndex
CREATE INDEX "events_actor_occurred_at_idx" ON "events"("actor", "occurred_at");

-- CreateIndex
CREATE INDEX "events_repository_subject_number_occurred_at_idx" ON "events"("repository", "subject_number", "occurred_at");

-- Hand-written: full-text search, which the Prisma schema cannot express.
-- Queries must use the same expression, to_tsvector('simple', search_text), for the index to apply.
-- 'simple' (no stemming, no stop words) because events mix languages and code identifiers.
CREATE INDEX "events_search_idx" ON "events" USING GIN (to_tsvector('simple', "search_text"));
