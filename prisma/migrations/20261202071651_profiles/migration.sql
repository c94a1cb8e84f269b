-- CreateEnum
CREATE TYPE "ProfileStatus" AS ENUM ('pending', 'converged', 'drifted', 'failed');

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "profilesDueAt" TIMESTAMP(3),
ADD COLUMN     "profilesStamp" TEXT;

-- CreateTable
CREATE TABLE "Profile" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "version" INTEGER NOT NULL DEFAULT 1,
    "definition" JSONB NOT NULL,
    "template" TEXT,
    "secrets" JSONB NOT NULL DEFAULT '{}',
    "rolloutPerMinute" INTEGER,
    "rolloutWindow" TIMESTAMP(3),
    "rolloutCount" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProfileVersion" (
    "id" SERIAL NOT NULL,
    "profileId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "priority" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProfileVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceProfile" (
    "deviceId" INTEGER NOT NULL,
    "profileId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "ProfileStatus" NOT NULL DEFAULT 'pending',
    "step" TEXT,
    "evaluatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "convergedAt" TIMESTAMP(3),
    "failures" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "drifts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "ownedPaths" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "stepPaths" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "secretHashes" JSONB NOT NULL DEFAULT '{}',
    "pendingSecretHashes" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "DeviceProfile_pkey" PRIMARY KEY ("deviceId","profileId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Profile_name_key" ON "Profile"("name");

-- CreateIndex
CREATE INDEX "Profile_enabled_idx" ON "Profile"("enabled");

-- CreateIndex
CREATE UNIQUE INDEX "ProfileVersion_profileId_version_key" ON "ProfileVersion"("profileId", "version");

-- CreateIndex
CREATE INDEX "DeviceProfile_profileId_status_idx" ON "DeviceProfile"("profileId", "status");

-- AddForeignKey
ALTER TABLE "ProfileVersion" ADD CONSTRAINT "ProfileVersion_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceProfile" ADD CONSTRAINT "DeviceProfile_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceProfile" ADD CONSTRAINT "DeviceProfile_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

