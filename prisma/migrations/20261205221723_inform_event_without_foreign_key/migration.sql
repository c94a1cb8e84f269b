-- InformEvent loses its foreign key to Device (issue 17). Its check ran for every inform event the
-- Inform statement appends, and locked the device's row (FOR KEY SHARE: a row lock written to the
-- heap and the WAL) on every periodic Inform, ~0.01 ms of PostgreSQL CPU per session
-- (bench/db-parts.ts). What the key did besides is kept: the events of deleted devices are deleted
-- with them, by one statement-level trigger (any delete: the console's, Prisma's, raw SQL).
-- What the key no longer refuses: an event an Inform statement appends after its device's deletion
-- committed (the statement read the device before). Such an event names no device any read can
-- reach, and goes with its day's partition (server/retention/inform-partitions.ts).
ALTER TABLE "InformEvent" DROP CONSTRAINT "InformEvent_deviceId_fkey";

CREATE FUNCTION vantage_device_deleted_informs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "InformEvent" e USING gone g WHERE e."deviceId" = g.id;
  RETURN NULL;
END $$;
CREATE TRIGGER "Device_deleted_informs" AFTER DELETE ON "Device"
  REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION vantage_device_deleted_informs();
