-- CreateTable
CREATE TABLE "recovery_runs" (
    "id" SERIAL NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "checked" INTEGER NOT NULL,
    "redelivered" INTEGER NOT NULL,
    "error" TEXT,

    CONSTRAINT "recovery_runs_pkey" PRIMARY KEY ("id")
);
