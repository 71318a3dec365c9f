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

    CONSTRAINT "event_counts_pkey" PRIMARY KEY ("repository","owner","private","event_type")
);

-- CreateIndex
CREATE INDEX "events_occurred_at_event_type_repository_private_idx" ON "events"("occurred_at", "event_type", "repository", "private");

-- CreateIndex
CREATE INDEX "events_actor_occurred_at_repository_idx" ON "events"("actor", "occurred_at", "repository");

-- Hand-written: triggers keep event_counts equal to a count of events grouped by its key, for
-- every writer (webhook inserts, recovery, retention) and in the writer's own transaction.
-- Per statement, not per row: one upsert per key a statement touches, the keys in one order so
-- that instances writing at once wait for each other instead of deadlocking. Events are never
-- updated, so inserts and deletes are all there is to follow.
CREATE FUNCTION "event_counts_follow_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "event_counts" AS "counts" ("repository", "owner", "private", "event_type", "events")
        SELECT coalesce("repository", ''), coalesce("owner", ''), "private", "event_type",
               (CASE TG_OP WHEN 'INSERT' THEN count(*) ELSE -count(*) END)::integer
        FROM "changed_events" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT ("repository", "owner", "private", "event_type") DO UPDATE SET "events" = "counts"."events" + excluded."events";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "event_counts_after_insert" AFTER INSERT ON "events"
    REFERENCING NEW TABLE AS "changed_events" FOR EACH STATEMENT EXECUTE FUNCTION "event_counts_follow_events"();

CREATE TRIGGER "event_counts_after_delete" AFTER DELETE ON "events"
    REFERENCING OLD TABLE AS "changed_events" FOR EACH STATEMENT EXECUTE FUNCTION "event_counts_follow_events"();

-- In the migration's transaction, after the triggers: an instance inserting meanwhile waits for
-- the trigger's lock on events, so every event is counted once.
INSERT INTO "event_counts" ("repository", "owner", "private", "event_type", "events")
    SELECT coalesce("repository", ''), coalesce("owner", ''), "private", "event_type", count(*) FROM "events" GROUP BY 1, 2, 3, 4;
