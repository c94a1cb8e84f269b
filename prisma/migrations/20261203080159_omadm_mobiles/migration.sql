-- AlterEnum
ALTER TYPE "DeviceKind" ADD VALUE 'MOBILE';

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "protocol" TEXT NOT NULL DEFAULT 'cwmp';

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "protocol" TEXT NOT NULL DEFAULT 'cwmp';

-- CreateTable
CREATE TABLE "OmaDmAccount" (
    "deviceId" INTEGER NOT NULL,
    "serverId" TEXT NOT NULL,
    "clientUsername" TEXT NOT NULL,
    "clientPasswordSealed" TEXT NOT NULL,
    "serverPasswordSealed" TEXT NOT NULL,
    "clientNonce" TEXT NOT NULL DEFAULT '',
    "serverNonce" TEXT NOT NULL DEFAULT '',
    "authType" TEXT NOT NULL DEFAULT 'syncml:auth-md5',
    "notifyAddress" TEXT,
    "encoding" TEXT NOT NULL DEFAULT 'xml',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSessionAt" TIMESTAMP(3),

    CONSTRAINT "OmaDmAccount_pkey" PRIMARY KEY ("deviceId")
);

-- CreateTable
CREATE TABLE "OmaDmSession" (
    "token" TEXT NOT NULL,
    "deviceId" INTEGER,
    "state" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OmaDmSession_pkey" PRIMARY KEY ("token")
);

-- CreateIndex
CREATE UNIQUE INDEX "OmaDmAccount_clientUsername_key" ON "OmaDmAccount"("clientUsername");

-- CreateIndex
CREATE INDEX "OmaDmSession_expiresAt_idx" ON "OmaDmSession"("expiresAt");

-- AddForeignKey
ALTER TABLE "OmaDmAccount" ADD CONSTRAINT "OmaDmAccount_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

