-- CreateTable
CREATE TABLE "backfill_jobs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "trigger" TEXT NOT NULL,
    "installation_id" INTEGER NOT NULL,
    "repository" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "steps_done" TEXT NOT NULL DEFAULT '[]',
    "events_stored" INTEGER NOT NULL DEFAULT 0,
    "api_calls" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "claimed_until" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" DATETIME
);

-- CreateIndex
CREATE INDEX "backfill_jobs_status_claimed_until_idx" ON "backfill_jobs"("status", "claimed_until");

-- CreateIndex
CREATE UNIQUE INDEX "backfill_jobs_trigger_repository_key" ON "backfill_jobs"("trigger", "repository");
