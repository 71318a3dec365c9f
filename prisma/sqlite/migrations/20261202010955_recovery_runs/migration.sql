-- CreateTable
CREATE TABLE "recovery_runs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "started_at" DATETIME NOT NULL,
    "finished_at" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL,
    "checked" INTEGER NOT NULL,
    "redelivered" INTEGER NOT NULL,
    "error" TEXT
);
