-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "fullReadAt" TIMESTAMP(3),
ADD COLUMN     "fullReadFailedAt" TIMESTAMP(3);


-- The bootstrap full read failed: a GetParameterNames or GetParameterValues of the root object
-- ("InternetGatewayDevice." / "Device.") queued by provisioning, or queued again while the device is
-- flagged (an operator's retry), ended as a fault or expired. A task ends that way on six paths
-- (CPE fault, invalid answer, attempts cap in a session or found at claim, expiry at claim or by the
-- sweep), two of them inside one SQL statement each; one trigger on the state change covers them all,
-- including paths added later. Success is recorded in server/devices/task-effects.ts.
CREATE OR REPLACE FUNCTION vantage_flag_full_read_failure() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- The root object: one path segment and its dot ("Device.", "InternetGatewayDevice.").
  IF NOT (COALESCE(NEW.request->>'parameterPath', '') ~ '^[A-Za-z0-9_]+\.$'
          OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(
                       CASE WHEN jsonb_typeof(NEW.request->'parameterNames') = 'array'
                            THEN NEW.request->'parameterNames' ELSE '[]'::jsonb END) n
                      WHERE n ~ '^[A-Za-z0-9_]+\.$')) THEN
    RETURN NULL;
  END IF;
  UPDATE "Device" d SET "fullReadFailedAt" = COALESCE(NEW."completedAt", now() AT TIME ZONE 'UTC')
   WHERE d.id = NEW."deviceId"
     AND (NEW."createdBy" = 'system:provisioning' OR d."fullReadFailedAt" IS NOT NULL);
  RETURN NULL;
END
$$;

CREATE TRIGGER "Task_full_read_failed"
  AFTER UPDATE OF state ON "Task"
  FOR EACH ROW
  WHEN (NEW.state IN ('fault', 'expired') AND OLD.state IS DISTINCT FROM NEW.state
        AND NEW.name IN ('GetParameterNames', 'GetParameterValues'))
  EXECUTE FUNCTION vantage_flag_full_read_failure();
