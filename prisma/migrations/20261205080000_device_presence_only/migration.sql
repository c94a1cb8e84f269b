-- The last Inform's time lives only on DeviceLastInform (issue 17): a periodic Inform that changes
-- nothing else then writes no Device row at all (server/devices/inform-statements.ts), where it used to
-- rewrite the wide row (a HOT update, but the whole tuple in the WAL) for the one timestamp.
-- The triggers that copied Device."lastInform" here go with the column. The copy is exact (the
-- triggers kept it), but any drift is taken over before the column is dropped.
DROP TRIGGER "Device_last_inform_update" ON "Device";
DROP TRIGGER "Device_last_inform_insert" ON "Device";
DROP FUNCTION vantage_last_inform_copy();
INSERT INTO "DeviceLastInform" ("deviceId", "informedAt")
  SELECT id, "lastInform" FROM "Device"
  ON CONFLICT ("deviceId") DO UPDATE SET "informedAt" = EXCLUDED."informedAt"
  WHERE "DeviceLastInform"."informedAt" IS DISTINCT FROM EXCLUDED."informedAt";
ALTER TABLE "Device" DROP COLUMN "lastInform";

-- Every device still gets its row (null: never informed), so joins on it lose no device. Deferred to
-- the commit: a writer that creates the row itself in the same transaction (the Inform statement, a
-- Prisma nested create) is not refused by a row the trigger made first. A device deleted before the
-- commit gets none (the foreign key would refuse it).
CREATE FUNCTION vantage_device_presence_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "DeviceLastInform" ("deviceId")
    SELECT NEW.id WHERE EXISTS (SELECT 1 FROM "Device" WHERE id = NEW.id)
    ON CONFLICT ("deviceId") DO NOTHING;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "Device_presence_row" AFTER INSERT ON "Device"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION vantage_device_presence_row();
