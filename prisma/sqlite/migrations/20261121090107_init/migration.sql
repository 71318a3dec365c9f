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
-- An external-content FTS5 index over events.search_text (the text lives only in events), kept
-- in sync by the triggers below. unicode61 without stemming, like PostgreSQL's 'simple' config,
-- so that both providers match the same words; remove_diacritics 2 also folds accents.
CREATE VIRTUAL TABLE "events_fts" USING fts5(
    "search_text",
    content = 'events',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER "events_fts_after_insert" AFTER INSERT ON "events" BEGIN
    INSERT INTO "events_fts" ("rowid", "search_text") VALUES (new."id", new."search_text");
END;

CREATE TRIGGER "events_fts_after_delete" AFTER DELETE ON "events" BEGIN
    INSERT INTO "events_fts" ("events_fts", "rowid", "search_text") VALUES ('delete', old."id", old."search_text");
END;

CREATE TRIGGER "events_fts_after_update" AFTER UPDATE OF "search_text" ON "events" BEGIN
    INSERT INTO "events_fts" ("events_fts", "rowid", "search_text") VALUES ('delete', old."id", old."search_text");
    INSERT INTO "events_fts" ("rowid", "search_text") VALUES (new."id", new."search_text");
END;
