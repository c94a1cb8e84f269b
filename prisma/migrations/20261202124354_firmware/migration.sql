-- CreateEnum
CREATE TYPE "WaveState" AS ENUM ('draft', 'running', 'paused', 'done', 'aborted');

-- CreateTable
CREATE TABLE "FirmwareKey" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL DEFAULT 'system',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "FirmwareKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FirmwareImage" (
    "id" SERIAL NOT NULL,
    "fileName" TEXT NOT NULL,
    "storageName" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "md5" TEXT NOT NULL,
    "fileType" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "originator" TEXT NOT NULL,
    "ouis" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "productClasses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hardwareVersions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "fromVersions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "duUuid" TEXT NOT NULL DEFAULT '',
    "releaseNotes" TEXT NOT NULL DEFAULT '',
    "releaseDate" TIMESTAMP(3),
    "signature" TEXT,
    "keyId" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "publishedAt" TIMESTAMP(3),
    "downloads" INTEGER NOT NULL DEFAULT 0,
    "bytesServed" BIGINT NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL DEFAULT 'system',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FirmwareImage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FileGrant" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "ha1" TEXT NOT NULL,
    "passwordSha256" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "deviceId" INTEGER NOT NULL,
    "imageId" INTEGER,
    "taskId" INTEGER,
    "fileType" TEXT NOT NULL DEFAULT '',
    "uses" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FileGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceFile" (
    "id" SERIAL NOT NULL,
    "deviceId" INTEGER NOT NULL,
    "taskId" INTEGER,
    "fileType" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "storageName" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "contentType" TEXT NOT NULL DEFAULT 'application/octet-stream',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeviceFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Wave" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "imageId" INTEGER NOT NULL,
    "rollbackImageId" INTEGER,
    "method" TEXT NOT NULL DEFAULT 'download',
    "delivery" TEXT NOT NULL DEFAULT 'http',
    "selection" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "state" "WaveState" NOT NULL DEFAULT 'draft',
    "currentStage" INTEGER NOT NULL DEFAULT 0,
    "stageStartAt" TIMESTAMP(3),
    "pauseReason" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL DEFAULT 'system',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Wave_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaveStage" (
    "id" SERIAL NOT NULL,
    "waveId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "acknowledgedFailures" INTEGER NOT NULL DEFAULT 0,
    "acknowledgedFinished" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "WaveStage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaveDevice" (
    "id" BIGSERIAL NOT NULL,
    "waveId" INTEGER NOT NULL,
    "deviceId" INTEGER NOT NULL,
    "stage" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "fromVersion" TEXT NOT NULL DEFAULT '',
    "toVersion" TEXT NOT NULL DEFAULT '',
    "taskId" INTEGER,
    "rollbackTaskId" INTEGER,
    "faultCode" INTEGER,
    "reason" TEXT,
    "modelName" TEXT NOT NULL DEFAULT '',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WaveDevice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FirmwareKey_name_key" ON "FirmwareKey"("name");

-- CreateIndex
CREATE UNIQUE INDEX "FirmwareKey_fingerprint_key" ON "FirmwareKey"("fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "FirmwareImage_storageName_key" ON "FirmwareImage"("storageName");

-- CreateIndex
CREATE INDEX "FirmwareImage_state_fileType_idx" ON "FirmwareImage"("state", "fileType");

-- CreateIndex
CREATE INDEX "FirmwareImage_version_idx" ON "FirmwareImage"("version");

-- CreateIndex
CREATE UNIQUE INDEX "FileGrant_username_key" ON "FileGrant"("username");

-- CreateIndex
CREATE INDEX "FileGrant_expiresAt_idx" ON "FileGrant"("expiresAt");

-- CreateIndex
CREATE INDEX "FileGrant_deviceId_idx" ON "FileGrant"("deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceFile_storageName_key" ON "DeviceFile"("storageName");

-- CreateIndex
CREATE INDEX "DeviceFile_deviceId_createdAt_idx" ON "DeviceFile"("deviceId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Wave_state_idx" ON "Wave"("state");

-- CreateIndex
CREATE UNIQUE INDEX "WaveStage_waveId_index_key" ON "WaveStage"("waveId", "index");

-- CreateIndex
CREATE INDEX "WaveDevice_waveId_state_stage_idx" ON "WaveDevice"("waveId", "state", "stage");

-- CreateIndex
CREATE INDEX "WaveDevice_waveId_stage_position_idx" ON "WaveDevice"("waveId", "stage", "position");

-- CreateIndex
CREATE INDEX "WaveDevice_taskId_idx" ON "WaveDevice"("taskId");

-- CreateIndex
CREATE INDEX "WaveDevice_rollbackTaskId_idx" ON "WaveDevice"("rollbackTaskId");

-- CreateIndex
CREATE INDEX "WaveDevice_deviceId_idx" ON "WaveDevice"("deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "WaveDevice_waveId_deviceId_key" ON "WaveDevice"("waveId", "deviceId");

-- CreateIndex
CREATE INDEX "OutboxEvent_createdAt_idx" ON "OutboxEvent"("createdAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_type_id_idx" ON "OutboxEvent"("type", "id");

-- AddForeignKey
ALTER TABLE "FirmwareImage" ADD CONSTRAINT "FirmwareImage_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "FirmwareKey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FileGrant" ADD CONSTRAINT "FileGrant_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FileGrant" ADD CONSTRAINT "FileGrant_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "FirmwareImage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceFile" ADD CONSTRAINT "DeviceFile_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Wave" ADD CONSTRAINT "Wave_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "FirmwareImage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Wave" ADD CONSTRAINT "Wave_rollbackImageId_fkey" FOREIGN KEY ("rollbackImageId") REFERENCES "FirmwareImage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaveStage" ADD CONSTRAINT "WaveStage_waveId_fkey" FOREIGN KEY ("waveId") REFERENCES "Wave"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaveDevice" ADD CONSTRAINT "WaveDevice_waveId_fkey" FOREIGN KEY ("waveId") REFERENCES "Wave"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaveDevice" ADD CONSTRAINT "WaveDevice_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

