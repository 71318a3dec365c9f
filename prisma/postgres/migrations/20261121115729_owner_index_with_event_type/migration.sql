-- DropIndex
DROP INDEX "events_owner_occurred_at_idx";

-- CreateIndex
CREATE INDEX "events_owner_occurred_at_event_type_idx" ON "events"("owner", "occurred_at", "event_type");
