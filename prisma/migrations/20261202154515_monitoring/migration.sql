-- CreateTable
CREATE TABLE "Region" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Region_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessNode" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'DSLAM',
    "regionId" INTEGER,

    CONSTRAINT "AccessNode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TopologyEntry" (
    "household" TEXT NOT NULL,
    "accessNodeId" INTEGER,
    "accessPort" TEXT NOT NULL DEFAULT '',
    "regionId" INTEGER,
    "source" TEXT NOT NULL DEFAULT 'import',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TopologyEntry_pkey" PRIMARY KEY ("household")
);

-- CreateTable
CREATE TABLE "TopologyRule" (
    "id" SERIAL NOT NULL,
    "oui" TEXT NOT NULL DEFAULT '',
    "productClass" TEXT NOT NULL DEFAULT '',
    "field" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TopologyRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Channel" (
    "id" SERIAL NOT NULL,
    "number" INTEGER,
    "name" TEXT NOT NULL,
    "multicastGroup" TEXT,
    "uri" TEXT,
    "headend" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelInsertion" (
    "channelId" INTEGER NOT NULL,
    "regionId" INTEGER NOT NULL,
    "point" TEXT NOT NULL,

    CONSTRAINT "ChannelInsertion_pkey" PRIMARY KEY ("channelId","regionId")
);

-- CreateTable
CREATE TABLE "MetricCursor" (
    "deviceId" INTEGER NOT NULL,
    "stream" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetricCursor_pkey" PRIMARY KEY ("deviceId","stream")
);

-- CreateTable
CREATE TABLE "AlarmRule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeKey" TEXT,
    "operator" TEXT NOT NULL DEFAULT 'gt',
    "threshold" DOUBLE PRECISION NOT NULL,
    "clearThreshold" DOUBLE PRECISION,
    "raiseMinutes" INTEGER NOT NULL DEFAULT 15,
    "clearMinutes" INTEGER NOT NULL DEFAULT 15,
    "minSeconds" INTEGER NOT NULL DEFAULT 600,
    "severity" TEXT NOT NULL DEFAULT 'major',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" TEXT NOT NULL DEFAULT 'system',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlarmRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alarm" (
    "id" SERIAL NOT NULL,
    "ruleId" INTEGER NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "scopeLabel" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT 'pending',
    "value" DOUBLE PRECISION NOT NULL,
    "peakValue" DOUBLE PRECISION NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "raisedAt" TIMESTAMP(3),
    "clearedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Alarm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" SERIAL NOT NULL,
    "verdict" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "layer" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "evidence" JSONB NOT NULL,
    "impairedDevices" INTEGER NOT NULL DEFAULT 0,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Region_name_key" ON "Region"("name");

-- CreateIndex
CREATE UNIQUE INDEX "AccessNode_name_key" ON "AccessNode"("name");

-- CreateIndex
CREATE INDEX "TopologyEntry_accessNodeId_idx" ON "TopologyEntry"("accessNodeId");

-- CreateIndex
CREATE INDEX "TopologyEntry_regionId_idx" ON "TopologyEntry"("regionId");

-- CreateIndex
CREATE UNIQUE INDEX "Channel_name_key" ON "Channel"("name");

-- CreateIndex
CREATE INDEX "Channel_multicastGroup_idx" ON "Channel"("multicastGroup");

-- CreateIndex
CREATE INDEX "Channel_uri_idx" ON "Channel"("uri");

-- CreateIndex
CREATE INDEX "Alarm_state_raisedAt_idx" ON "Alarm"("state", "raisedAt");

-- CreateIndex
CREATE INDEX "Alarm_ruleId_scope_scopeKey_state_idx" ON "Alarm"("ruleId", "scope", "scopeKey", "state");

-- CreateIndex
CREATE INDEX "Incident_state_lastSeenAt_idx" ON "Incident"("state", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Incident_location_state_idx" ON "Incident"("location", "state");

-- AddForeignKey
ALTER TABLE "AccessNode" ADD CONSTRAINT "AccessNode_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TopologyEntry" ADD CONSTRAINT "TopologyEntry_accessNodeId_fkey" FOREIGN KEY ("accessNodeId") REFERENCES "AccessNode"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TopologyEntry" ADD CONSTRAINT "TopologyEntry_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelInsertion" ADD CONSTRAINT "ChannelInsertion_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelInsertion" ADD CONSTRAINT "ChannelInsertion_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alarm" ADD CONSTRAINT "Alarm_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlarmRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

