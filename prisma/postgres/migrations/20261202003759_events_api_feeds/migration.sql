-- CreateTable
CREATE TABLE "event_feeds" (
    "path" TEXT NOT NULL,
    "installation_id" INTEGER,
    "etag" TEXT,
    "last_event_id" TEXT,
    "next_poll_at" TIMESTAMP(3) NOT NULL,
    "last_error" TEXT,
    "lease_owner" TEXT,
    "lease_until" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "event_feeds_pkey" PRIMARY KEY ("path")
);

-- CreateIndex
CREATE INDEX "event_feeds_active_next_poll_at_idx" ON "event_feeds"("active", "next_poll_at");

-- Hand-written: every event stored before this migration came from a webhook, and the event
-- agents read now says so (source). The JSON text ends with its closing brace, so appending
-- the field keeps it valid without parsing it.
UPDATE "events" SET "event" = substr("event", 1, length("event") - 1) || ',"source":"webhook"}';
