-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN     "manual_retry_after" INTEGER;

-- AlterTable
ALTER TABLE "delivery_attempts" ADD COLUMN     "number" INTEGER,
ADD COLUMN     "subscription_id" INTEGER,
ADD COLUMN     "trigger" TEXT,
ALTER COLUMN "delivery_id" DROP NOT NULL;

-- The tries logged so far, numbered per delivery in the order they were made, with their delivery's
-- subscription; "scheduled", as manual retries were not told apart.
UPDATE "delivery_attempts" SET "number" = n."number", "subscription_id" = n."subscription_id", "trigger" = 'scheduled'
FROM (
    SELECT a."id", d."subscription_id", row_number() OVER (PARTITION BY a."delivery_id" ORDER BY a."id") AS "number"
    FROM "delivery_attempts" a JOIN "deliveries" d ON d."id" = a."delivery_id"
) n
WHERE n."id" = "delivery_attempts"."id";

ALTER TABLE "delivery_attempts" ALTER COLUMN "number" SET NOT NULL,
ALTER COLUMN "subscription_id" SET NOT NULL,
ALTER COLUMN "trigger" SET NOT NULL;

-- `deliveries retry` used to reset a delivery's count: count every logged try, and keep the delivery's
-- place in its retry schedule (the tries since that reset) through manual_retry_after.
UPDATE "deliveries" SET "manual_retry_after" = t."tries" - "deliveries"."attempts", "attempts" = t."tries"
FROM (SELECT "delivery_id", count(*) AS "tries" FROM "delivery_attempts" GROUP BY "delivery_id") t
WHERE t."delivery_id" = "deliveries"."id" AND t."tries" > "deliveries"."attempts";

-- CreateIndex
CREATE INDEX "delivery_attempts_subscription_id_trigger_id_idx" ON "delivery_attempts"("subscription_id", "trigger", "id");

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
