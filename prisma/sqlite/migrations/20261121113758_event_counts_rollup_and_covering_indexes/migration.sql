-- DropIndex
DROP INDEX "events_actor_occurred_at_idx";

-- DropIndex
DROP INDEX "events_occurred_at_idx";

-- CreateTable
CREATE TABLE "event_counts" (
    "repository" TEXT NOT NULL DEFAULT '',
    "owner" TEXT NOT NULL DEFAULT '',
    "private" BOOLEAN NOT NULL,
    "event_type" TEXT NOT NULL,
    "events" INTEGER NOT NULL,

    PRIMARY KEY ("repository", "owner", "private", "event_type")
);

-- CreateIndex
CREATE INDEX "events_occurred_at_event_type_repository_private_idx" ON "events"("occurred_at", "event_type", "repository", "private");

-- CreateIndex
CREATE INDEX "events_actor_occurred_at_repository_idx" ON "events"("actor", "occurred_at", "repository");

-- Hand-written: event_counts follows events in batches, with the full-text index: raising
-- search_index_state.indexed_through (src/store/search-index.ts, once a second) adds the new events'
-- counts in the same statement, and deleting an event already counted takes it off. A trigger per
-- inserted row cost ~15% of ingest throughput (bench:ingest). Readers add the events above the
-- watermark themselves (src/query/event-counts-sql.ts), so counts are exact between batches.
-- Events are never updated, so inserts and deletes are all there is to follow.
CREATE TRIGGER "event_counts_advance" AFTER UPDATE OF "indexed_through" ON "search_index_state"
WHEN new."indexed_through" > old."indexed_through" BEGIN
    INSERT INTO "event_counts" ("repository", "owner", "private", "event_type", "events")
        SELECT coalesce("repository", ''), coalesce("owner", ''), "private", "event_type", count(*) FROM "events"
        WHERE "id" > old."indexed_through" AND "id" <= new."indexed_through" GROUP BY 1, 2, 3, 4
        ON CONFLICT ("repository", "owner", "private", "event_type") DO UPDATE SET "events" = "events" + excluded."events";
END;

CREATE TRIGGER "event_counts_after_delete" AFTER DELETE ON "events"
WHEN old."id" <= (SELECT "indexed_through" FROM "search_index_state") BEGIN
    UPDATE "event_counts" SET "events" = "events" - 1
        WHERE "repository" = coalesce(old."repository", '') AND "owner" = coalesce(old."owner", '')
          AND "private" = old."private" AND "event_type" = old."event_type";
END;

INSERT INTO "event_counts" ("repository", "owner", "private", "event_type", "events")
    SELECT coalesce("repository", ''), coalesce("owner", ''), "private", "event_type", count(*) FROM "events"
    WHERE "id" <= (SELECT "indexed_through" FROM "search_index_state") GROUP BY 1, 2, 3, 4;
