-- CreateTable
CREATE TABLE "events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "occurred_at" DATETIME NOT NULL,
    "received_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "event" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "payload" BLOB NOT NULL,
    "payload_codec" TEXT NOT NULL,
    "payload_bytes" INTEGER NOT NULL
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
-- An external-content FTS5 index over events.search_text (the text lives only in events).
-- unicode61 without stemming, like PostgreSQL's 'simple' config, so that both providers match
-- the same words; remove_diacritics 2 also folds accents.
CREATE VIRTUAL TABLE "events_fts" USING fts5(
    "search_text",
    content = 'events',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- New events are indexed in batches, not by an insert trigger: FTS5 writes a segment per
-- transaction, which was half of the database's cost per webhook (see src/store/search-index.ts).
-- search_index_state.indexed_through is the highest events.id in the index; raising it (one
-- UPDATE, so one atomic statement) indexes every event up to the new value.
CREATE TABLE "search_index_state" (
    "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
    "indexed_through" INTEGER NOT NULL
);
INSERT INTO "search_index_state" ("id", "indexed_through") VALUES (1, 0);

CREATE TRIGGER "search_index_advance" AFTER UPDATE OF "indexed_through" ON "search_index_state"
WHEN new."indexed_through" > old."indexed_through" BEGIN
    INSERT INTO "events_fts" ("rowid", "search_text")
        SELECT "id", "search_text" FROM "events" WHERE "id" > old."indexed_through" AND "id" <= new."indexed_through";
END;

-- Only rows already in the index may be removed from it: the 'delete' command must be given the
-- exact text that was indexed, and an event not indexed yet has none there.
CREATE TRIGGER "events_fts_after_delete" AFTER DELETE ON "events"
WHEN old."id" <= (SELECT "indexed_through" FROM "search_index_state") BEGIN
    INSERT INTO "events_fts" ("events_fts", "rowid", "search_text") VALUES ('delete', old."id", old."search_text");
END;

CREATE TRIGGER "events_fts_after_update" AFTER UPDATE OF "search_text" ON "events"
WHEN old."id" <= (SELECT "indexed_through" FROM "search_index_state") BEGIN
    INSERT INTO "events_fts" ("events_fts", "rowid", "search_text") VALUES ('delete', old."id", old."search_text");
    INSERT INTO "events_fts" ("rowid", "search_text") VALUES (new."id", new."search_text");
END;
