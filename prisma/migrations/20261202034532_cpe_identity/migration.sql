-- CreateEnum
CREATE TYPE "IdentityConflictState" AS ENUM ('open', 'accepted', 'rejected');

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "cwmpCredentialsConfirmedAt" TIMESTAMP(3),
ADD COLUMN     "cwmpPendingHa1" TEXT,
ADD COLUMN     "cwmpPendingUsername" TEXT;

-- AlterTable
ALTER TABLE "Operator" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "IdentityConflict" (
    "id" SERIAL NOT NULL,
    "deviceId" INTEGER NOT NULL,
    "state" "IdentityConflictState" NOT NULL DEFAULT 'open',
    "reason" TEXT NOT NULL,
    "remoteAddress" TEXT NOT NULL DEFAULT '',
    "eventCodes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "firstAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "IdentityConflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestNonce" (
    "nonce" TEXT NOT NULL,
    "lastNc" BIGINT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DigestNonce_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "IdentityConflict_state_lastAt_idx" ON "IdentityConflict"("state", "lastAt" DESC);

-- CreateIndex
CREATE INDEX "IdentityConflict_deviceId_state_idx" ON "IdentityConflict"("deviceId", "state");

-- CreateIndex
CREATE INDEX "DigestNonce_expiresAt_idx" ON "DigestNonce"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Device_cwmpPendingUsername_key" ON "Device"("cwmpPendingUsername");

-- AddForeignKey
ALTER TABLE "IdentityConflict" ADD CONSTRAINT "IdentityConflict_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One open conflict per device: repeated refused BOOTSTRAPs count attempts on it.
CREATE UNIQUE INDEX "IdentityConflict_one_open_per_device" ON "IdentityConflict"("deviceId") WHERE "state" = 'open';
