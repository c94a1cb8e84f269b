-- AlterEnum
ALTER TYPE "TaskState" ADD VALUE 'waiting';

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "sessionOwner" TEXT,
ALTER COLUMN "periodicInformInterval" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "InformEvent" ALTER COLUMN "retryCount" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "lastError" TEXT;

-- CreateIndex
CREATE INDEX "Task_state_completedAt_idx" ON "Task"("state", "completedAt");

