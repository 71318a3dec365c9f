-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN "manual_retry_after" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_delivery_attempts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "subscription_id" INTEGER NOT NULL,
    "delivery_id" INTEGER,
    "number" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "started_at" DATETIME NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "status_code" INTEGER,
    "response" TEXT,
    "error" TEXT,
    CONSTRAINT "delivery_attempts_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "deliveries" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- The tries logged so far, numbered per delivery in the order they were made, with their delivery's
-- subscription; "scheduled", as manual retries were not told apart.
INSERT INTO "new_delivery_attempts" ("id", "subscription_id", "delivery_id", "number", "trigger", "started_at", "duration_ms", "status_code", "response", "error")
SELECT a."id", d."subscription_id", a."delivery_id", row_number() OVER (PARTITION BY a."delivery_id" ORDER BY a."id"), 'scheduled', a."started_at", a."duration_ms", a."status_code", a."response", a."error"
FROM "delivery_attempts" a JOIN "deliveries" d ON d."id" = a."delivery_id";
DROP TABLE "delivery_attempts";
ALTER TABLE "new_delivery_attempts" RENAME TO "delivery_attempts";
CREATE INDEX "delivery_attempts_delivery_id_idx" ON "delivery_attempts"("delivery_id");
CREATE INDEX "delivery_attempts_subscription_id_trigger_id_idx" ON "delivery_attempts"("subscription_id", "trigger", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- `deliveries retry` used to reset a delivery's count: count every logged try, and keep the delivery's
-- place in its retry schedule (the tries since that reset) through manual_retry_after.
UPDATE "deliveries" SET "manual_retry_after" = t."tries" - "deliveries"."attempts", "attempts" = t."tries"
FROM (SELECT "delivery_id", count(*) AS "tries" FROM "delivery_attempts" GROUP BY "delivery_id") t
WHERE t."delivery_id" = "deliveries"."id" AND t."tries" > "deliveries"."attempts";
