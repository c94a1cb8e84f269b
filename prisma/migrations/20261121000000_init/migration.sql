-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "DeviceKind" AS ENUM ('GATEWAY', 'STB', 'OTHER');

-- CreateEnum
CREATE TYPE "TaskState" AS ENUM ('queued', 'sent', 'done', 'fault', 'cancelled', 'expired');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'noc', 'helpdesk', 'product', 'viewer');

-- CreateTable
CREATE TABLE "Device" (
    "id" SERIAL NOT NULL,
    "oui" TEXT NOT NULL,
    "productClass" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "manufacturer" TEXT NOT NULL,
    "kind" "DeviceKind" NOT NULL DEFAULT 'OTHER',
    "rootObject" TEXT NOT NULL DEFAULT '',
    "modelName" TEXT NOT NULL DEFAULT '',
    "softwareVersion" TEXT NOT NULL DEFAULT '',
    "hardwareVersion" TEXT NOT NULL DEFAULT '',
    "ipAddress" TEXT,
    "macAddress" TEXT,
    "subscriberId" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "notes" TEXT NOT NULL DEFAULT '',
    "cwmpVersion" TEXT NOT NULL DEFAULT '1.0',
    "cwmpUsername" TEXT,
    "cwmpHa1" TEXT,
    "connectionRequestUrl" TEXT,
    "connectionRequestUsername" TEXT,
    "connectionRequestPassword" TEXT,
    "udpConnectionRequestAddr" TEXT,
    "periodicInformInterval" INTEGER,
    "gatewayOui" TEXT,
    "gatewaySerialNumber" TEXT,
    "gatewayProductClass" TEXT,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "firstSeen" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastInform" TIMESTAMP(3),
    "lastBoot" TIMESTAMP(3),
    "lastBootstrap" TIMESTAMP(3),
    "sessionId" TEXT,
    "sessionLockedAt" TIMESTAMP(3),
    "sessionExpires" TIMESTAMP(3),

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InformEvent" (
    "id" BIGSERIAL NOT NULL,
    "deviceId" INTEGER NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "events" TEXT[],
    "commandKeys" TEXT[],
    "retryCount" INTEGER NOT NULL DEFAULT 0,
    "remoteAddress" TEXT,

    CONSTRAINT "InformEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceEvent" (
    "id" BIGSERIAL NOT NULL,
    "deviceId" INTEGER NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,

    CONSTRAINT "DeviceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" SERIAL NOT NULL,
    "deviceId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "state" "TaskState" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "result" JSONB,
    "faultCode" INTEGER,
    "faultString" TEXT,
    "createdBy" TEXT NOT NULL DEFAULT 'system',
    "batchId" TEXT,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceFault" (
    "id" BIGSERIAL NOT NULL,
    "deviceId" INTEGER NOT NULL,
    "taskId" INTEGER,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "code" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "detail" JSONB,

    CONSTRAINT "DeviceFault_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Operator" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLoginAt" TIMESTAMP(3),
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "Operator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "operatorId" INTEGER,
    "action" TEXT NOT NULL,
    "deviceId" INTEGER,
    "target" TEXT NOT NULL DEFAULT '',
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppSecret" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "AppSecret_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Device_cwmpUsername_key" ON "Device"("cwmpUsername");

-- CreateIndex
CREATE INDEX "Device_serialNumber_idx" ON "Device"("serialNumber");

-- CreateIndex
CREATE INDEX "Device_softwareVersion_idx" ON "Device"("softwareVersion");

-- CreateIndex
CREATE INDEX "Device_productClass_idx" ON "Device"("productClass");

-- CreateIndex
CREATE INDEX "Device_lastInform_idx" ON "Device"("lastInform");

-- CreateIndex
CREATE INDEX "Device_subscriberId_idx" ON "Device"("subscriberId");

-- CreateIndex
CREATE INDEX "Device_ipAddress_idx" ON "Device"("ipAddress");

-- CreateIndex
CREATE INDEX "Device_macAddress_idx" ON "Device"("macAddress");

-- CreateIndex
CREATE INDEX "Device_gatewayOui_gatewaySerialNumber_idx" ON "Device"("gatewayOui", "gatewaySerialNumber");

-- CreateIndex
CREATE INDEX "Device_tags_idx" ON "Device" USING GIN ("tags");

-- CreateIndex
CREATE UNIQUE INDEX "Device_oui_productClass_serialNumber_key" ON "Device"("oui", "productClass", "serialNumber");

-- CreateIndex
CREATE INDEX "InformEvent_deviceId_receivedAt_idx" ON "InformEvent"("deviceId", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "DeviceEvent_deviceId_receivedAt_idx" ON "DeviceEvent"("deviceId", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "Task_deviceId_state_id_idx" ON "Task"("deviceId", "state", "id");

-- CreateIndex
CREATE INDEX "Task_state_expiresAt_idx" ON "Task"("state", "expiresAt");

-- CreateIndex
CREATE INDEX "Task_batchId_idx" ON "Task"("batchId");

-- CreateIndex
CREATE INDEX "DeviceFault_deviceId_at_idx" ON "DeviceFault"("deviceId", "at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Operator_username_key" ON "Operator"("username");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_deviceId_at_idx" ON "AuditLog"("deviceId", "at" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_operatorId_at_idx" ON "AuditLog"("operatorId", "at" DESC);

-- AddForeignKey
ALTER TABLE "InformEvent" ADD CONSTRAINT "InformEvent_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceEvent" ADD CONSTRAINT "DeviceEvent_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceFault" ADD CONSTRAINT "DeviceFault_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "Operator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE SET NULL ON UPDATE CASCADE;

