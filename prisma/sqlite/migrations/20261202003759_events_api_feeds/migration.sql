-- CreateTable
CREATE TABLE "event_feeds" (
    "path" TEXT NOT NULL PRIMARY KEY,
    "installation_id" INTEGER,
    "etag" TEXT,
    "last_event_id" TEXT,
    "next_poll_at" DATETIME NOT NULL,
    "last_error" TEXT,
    "lease_owner" TEXT,
    "lease_until" DATETIME,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "event_feeds_active_next_poll_at_idx" ON "event_feeds"("active", "next_poll_at");

-- Hand-written: every event stored before this migration came from a webhook, and the event
-- agents read now says so (source). The JSON text ends with its closing brace, so appending
-- the field keeps it valid without parsing it.
UPDATE "events" SET "event" = substr("event", 1, length("event") - 1) || ',"source":"webhook"}';
