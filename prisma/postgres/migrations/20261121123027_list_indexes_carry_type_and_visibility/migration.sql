-- DropIndex
DROP INDEX "events_actor_occurred_at_repository_idx";

-- DropIndex
DROP INDEX "events_event_type_occurred_at_idx";

-- DropIndex
DROP INDEX "events_owner_occurred_at_event_type_idx";

-- DropIndex
DROP INDEX "events_repository_occurred_at_idx";

-- CreateIndex
CREATE INDEX "events_repository_occurred_at_event_type_private_idx" ON "events"("repository", "occurred_at", "event_type", "private");

-- CreateIndex
CREATE INDEX "events_owner_occurred_at_event_type_private_idx" ON "events"("owner", "occurred_at", "event_type", "private");

-- CreateIndex
CREATE INDEX "events_event_type_occurred_at_private_idx" ON "events"("event_type", "occurred_at", "private");

-- CreateIndex
CREATE INDEX "events_actor_occurred_at_repository_private_idx" ON "events"("actor", "occurred_at", "repository", "private");
