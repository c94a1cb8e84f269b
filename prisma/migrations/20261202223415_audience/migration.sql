-- AlterTable
ALTER TABLE "TopologyEntry" ADD COLUMN     "segment" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "AudienceOptOut" (
    "household" TEXT NOT NULL,
    "optedOutAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "by" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AudienceOptOut_pkey" PRIMARY KEY ("household")
);

-- CreateTable
CREATE TABLE "AudiencePeriodKey" (
    "period" TEXT NOT NULL,
    "sealedKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AudiencePeriodKey_pkey" PRIMARY KEY ("period")
);

-- CreateTable
CREATE TABLE "AudienceHourCell" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "channelId" INTEGER NOT NULL,
    "regionId" INTEGER NOT NULL,
    "suppressed" BOOLEAN NOT NULL,
    "secs" BIGINT,

    CONSTRAINT "AudienceHourCell_pkey" PRIMARY KEY ("hour","channelId","regionId")
);

-- CreateTable
CREATE TABLE "AudienceDayCell" (
    "day" DATE NOT NULL,
    "channelId" INTEGER NOT NULL,
    "regionId" INTEGER NOT NULL,
    "segment" TEXT NOT NULL,
    "suppressed" BOOLEAN NOT NULL,
    "households" INTEGER,

    CONSTRAINT "AudienceDayCell_pkey" PRIMARY KEY ("day","channelId","regionId","segment")
);

-- CreateTable
CREATE TABLE "AudiencePanelDay" (
    "day" DATE NOT NULL,
    "regionId" INTEGER NOT NULL,
    "segment" TEXT NOT NULL,
    "suppressed" BOOLEAN NOT NULL,
    "households" INTEGER,

    CONSTRAINT "AudiencePanelDay_pkey" PRIMARY KEY ("day","regionId","segment")
);

-- CreateTable
CREATE TABLE "AudienceDirtyDay" (
    "day" DATE NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AudienceDirtyDay_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "AudienceAccessLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "operatorId" INTEGER,
    "report" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "cells" INTEGER NOT NULL DEFAULT 0,
    "suppressed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AudienceAccessLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AudienceHourCell_channelId_hour_idx" ON "AudienceHourCell"("channelId", "hour");

-- CreateIndex
CREATE INDEX "AudienceDayCell_channelId_day_idx" ON "AudienceDayCell"("channelId", "day");

-- CreateIndex
CREATE INDEX "AudienceAccessLog_at_idx" ON "AudienceAccessLog"("at" DESC);

-- CreateIndex
CREATE INDEX "AudienceAccessLog_operatorId_at_idx" ON "AudienceAccessLog"("operatorId", "at" DESC);

-- AddForeignKey
ALTER TABLE "AudienceAccessLog" ADD CONSTRAINT "AudienceAccessLog_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "Operator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

