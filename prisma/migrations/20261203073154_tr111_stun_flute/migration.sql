-- AlterTable
ALTER TABLE "WaveDevice" ADD COLUMN     "delivery" TEXT NOT NULL DEFAULT 'http';

-- CreateTable
CREATE TABLE "StunBinding" (
    "deviceId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "natDetected" BOOLEAN NOT NULL DEFAULT false,
    "authenticated" BOOLEAN NOT NULL DEFAULT false,
    "firstSeen" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "changedAt" TIMESTAMP(3),
    "changes" INTEGER NOT NULL DEFAULT 0,
    "udpRequestsSent" INTEGER NOT NULL DEFAULT 0,
    "udpRequestsAnswered" INTEGER NOT NULL DEFAULT 0,
    "lastUdpRequestAt" TIMESTAMP(3),
    "lastUdpAnsweredAt" TIMESTAMP(3),
    "lastUdpLatencyMs" INTEGER,

    CONSTRAINT "StunBinding_pkey" PRIMARY KEY ("deviceId")
);

-- CreateTable
CREATE TABLE "ManageableDevice" (
    "gatewayId" INTEGER NOT NULL,
    "oui" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "productClass" TEXT NOT NULL DEFAULT '',
    "host" TEXT NOT NULL DEFAULT '',
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ManageableDevice_pkey" PRIMARY KEY ("gatewayId","oui","serialNumber","productClass")
);

-- CreateTable
CREATE TABLE "FluteSession" (
    "id" SERIAL NOT NULL,
    "waveId" INTEGER,
    "imageId" INTEGER NOT NULL,
    "tsi" BIGINT NOT NULL,
    "toi" INTEGER NOT NULL DEFAULT 1,
    "sourceAddress" TEXT NOT NULL,
    "groupAddress" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "ttl" INTEGER NOT NULL DEFAULT 1,
    "interfaceAddress" TEXT,
    "version" INTEGER NOT NULL DEFAULT 2,
    "rateKbps" INTEGER NOT NULL,
    "symbolSize" INTEGER NOT NULL,
    "maxBlockLength" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "ownerNode" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "passes" INTEGER NOT NULL DEFAULT 0,
    "packetsSent" BIGINT NOT NULL DEFAULT 0,
    "bytesSent" BIGINT NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FluteSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StunBinding_lastSeen_idx" ON "StunBinding"("lastSeen");

-- CreateIndex
CREATE INDEX "ManageableDevice_oui_serialNumber_idx" ON "ManageableDevice"("oui", "serialNumber");

-- CreateIndex
CREATE INDEX "FluteSession_state_idx" ON "FluteSession"("state");

-- CreateIndex
CREATE INDEX "FluteSession_waveId_idx" ON "FluteSession"("waveId");

-- AddForeignKey
ALTER TABLE "StunBinding" ADD CONSTRAINT "StunBinding_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManageableDevice" ADD CONSTRAINT "ManageableDevice_gatewayId_fkey" FOREIGN KEY ("gatewayId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FluteSession" ADD CONSTRAINT "FluteSession_waveId_fkey" FOREIGN KEY ("waveId") REFERENCES "Wave"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FluteSession" ADD CONSTRAINT "FluteSession_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "FirmwareImage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

