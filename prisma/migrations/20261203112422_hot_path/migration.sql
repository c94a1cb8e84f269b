-- The hot path (issue 17): a periodic Inform rewrites its device's lastInform and session lock. With
-- lastInform indexed on Device (twice) every Inform was a non-HOT update writing all of Device's ~19
-- index entries. lastInform stays on Device (its readers are unchanged) but unindexed, so the update
-- is HOT (Device has fillfactor 70, migration device_fillfactor); its searchable copy lives on the
-- narrow DeviceLastInform, kept by triggers so every writer of Device.lastInform keeps it right.
DROP INDEX "Device_kind_lastInform_idx";
DROP INDEX "Device_lastInform_idx";

CREATE TABLE "DeviceLastInform" (
    "deviceId" INTEGER NOT NULL,
    "informedAt" TIMESTAMP(3),

    CONSTRAINT "DeviceLastInform_pkey" PRIMARY KEY ("deviceId")
);
INSERT INTO "DeviceLastInform" ("deviceId", "informedAt") SELECT id, "lastInform" FROM "Device";
CREATE INDEX "DeviceLastInform_informedAt_deviceId_idx" ON "DeviceLastInform"("informedAt", "deviceId");
ALTER TABLE "DeviceLastInform" ADD CONSTRAINT "DeviceLastInform_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every device has its row (a never-informed one with null), so a join on it loses no device.
CREATE FUNCTION vantage_last_inform_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "DeviceLastInform" SET "informedAt" = NEW."lastInform" WHERE "deviceId" = NEW.id;
  IF NOT FOUND THEN
    INSERT INTO "DeviceLastInform" ("deviceId", "informedAt") VALUES (NEW.id, NEW."lastInform")
      ON CONFLICT ("deviceId") DO UPDATE SET "informedAt" = EXCLUDED."informedAt";
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "Device_last_inform_insert" AFTER INSERT ON "Device"
  FOR EACH ROW EXECUTE FUNCTION vantage_last_inform_copy();
-- The WHEN is evaluated without entering PL/pgSQL: a lock release or a claim's renewal costs nothing here.
CREATE TRIGGER "Device_last_inform_update" AFTER UPDATE OF "lastInform" ON "Device"
  FOR EACH ROW WHEN (OLD."lastInform" IS DISTINCT FROM NEW."lastInform")
  EXECUTE FUNCTION vantage_last_inform_copy();

-- Inform events partitioned by day (server/retention/inform-partitions.ts creates the days ahead;
-- retention drops whole days). Rows outside every day partition land in the DEFAULT partition, so an
-- insert never fails; existing rows start there and retention deletes them in batches as before.
ALTER TABLE "InformEvent" RENAME TO "InformEvent_unpartitioned";
ALTER TABLE "InformEvent_unpartitioned" RENAME CONSTRAINT "InformEvent_pkey" TO "InformEvent_unpartitioned_pkey";
ALTER TABLE "InformEvent_unpartitioned" RENAME CONSTRAINT "InformEvent_deviceId_fkey" TO "InformEvent_unpartitioned_deviceId_fkey";
ALTER INDEX "InformEvent_deviceId_receivedAt_idx" RENAME TO "InformEvent_unpartitioned_deviceId_receivedAt_idx";

CREATE TABLE "InformEvent" (
    "id" BIGINT NOT NULL DEFAULT nextval('"InformEvent_id_seq"'),
    "deviceId" INTEGER NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "events" TEXT[],
    "commandKeys" TEXT[],
    "retryCount" BIGINT NOT NULL DEFAULT 0,
    "remoteAddress" TEXT,

    CONSTRAINT "InformEvent_pkey" PRIMARY KEY ("id", "receivedAt")
) PARTITION BY RANGE ("receivedAt");
ALTER SEQUENCE "InformEvent_id_seq" OWNED BY "InformEvent"."id";
CREATE TABLE "InformEvent_default" PARTITION OF "InformEvent" DEFAULT;
CREATE INDEX "InformEvent_deviceId_receivedAt_idx" ON "InformEvent"("deviceId", "receivedAt" DESC);
ALTER TABLE "InformEvent" ADD CONSTRAINT "InformEvent_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "InformEvent" ("id", "deviceId", "receivedAt", "events", "commandKeys", "retryCount", "remoteAddress")
  SELECT "id", "deviceId", "receivedAt", "events", "commandKeys", "retryCount", "remoteAddress"
    FROM "InformEvent_unpartitioned";
DROP TABLE "InformEvent_unpartitioned";
