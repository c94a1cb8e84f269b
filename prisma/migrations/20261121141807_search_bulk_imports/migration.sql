-- Trigram indexes for partial matches in the device search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "BulkJobState" AS ENUM ('queued', 'running', 'done', 'cancelled', 'failed');

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "informHash" TEXT;

-- CreateTable
CREATE TABLE "SavedSearch" (
    "id" SERIAL NOT NULL,
    "operatorId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "query" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedSearch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkJob" (
    "id" SERIAL NOT NULL,
    "action" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "selection" JSONB NOT NULL,
    "state" "BulkJobState" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL DEFAULT 'system',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkJobItem" (
    "id" BIGSERIAL NOT NULL,
    "jobId" INTEGER NOT NULL,
    "deviceId" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "taskId" INTEGER,
    "message" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BulkJobItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataModelImport" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "parameterCount" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL DEFAULT 'system',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataModelImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SavedSearch_operatorId_name_key" ON "SavedSearch"("operatorId", "name");

-- CreateIndex
CREATE INDEX "BulkJob_state_idx" ON "BulkJob"("state");

-- CreateIndex
CREATE INDEX "BulkJobItem_jobId_state_idx" ON "BulkJobItem"("jobId", "state");

-- CreateIndex
CREATE INDEX "BulkJobItem_taskId_idx" ON "BulkJobItem"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "BulkJobItem_jobId_deviceId_key" ON "BulkJobItem"("jobId", "deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "DataModelImport_name_key" ON "DataModelImport"("name");

-- CreateIndex
CREATE INDEX "Device_serialNumber_trgm_idx" ON "Device" USING GIN ("serialNumber" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Device_subscriberId_trgm_idx" ON "Device" USING GIN ("subscriberId" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Device_ipAddress_trgm_idx" ON "Device" USING GIN ("ipAddress" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Device_macAddress_trgm_idx" ON "Device" USING GIN ("macAddress" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Device_manufacturer_idx" ON "Device"("manufacturer");

-- CreateIndex
CREATE INDEX "Device_oui_idx" ON "Device"("oui");

-- CreateIndex
CREATE INDEX "Device_kind_lastInform_idx" ON "Device"("kind", "lastInform");

-- AddForeignKey
ALTER TABLE "SavedSearch" ADD CONSTRAINT "SavedSearch_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "Operator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkJobItem" ADD CONSTRAINT "BulkJobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "BulkJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

