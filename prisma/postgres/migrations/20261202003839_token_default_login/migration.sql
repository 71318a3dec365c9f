-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "login" TEXT;
