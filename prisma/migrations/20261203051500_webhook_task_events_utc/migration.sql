-- The task.done / task.failed trigger's outbox row gets its createdAt in UTC, as every other writer
-- stores it (the column has no time zone; its default CURRENT_TIMESTAMP would take the session's zone,
-- and the webhooks' fan-out and retention compare it with the process's UTC clock).
CREATE OR REPLACE FUNCTION vantage_announce_task_end() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  dev RECORD;
BEGIN
  SELECT d.id, d."serialNumber", d.oui, d."productClass" INTO dev FROM "Device" d WHERE d.id = NEW."deviceId";
  INSERT INTO "OutboxEvent" (type, "createdAt", payload) VALUES (
    CASE WHEN NEW.state = 'done' THEN 'task.done' ELSE 'task.failed' END,
    now() AT TIME ZONE 'UTC',
    jsonb_strip_nulls(jsonb_build_object(
      'taskId', NEW.id,
      'name', NEW.name,
      'state', NEW.state::text,
      'deviceId', NEW."deviceId",
      'serial', dev."serialNumber",
      'oui', dev.oui,
      'productClass', dev."productClass",
      'faultCode', CASE WHEN NEW.state <> 'done' THEN NEW."faultCode" END,
      'faultMessage', CASE WHEN NEW.state <> 'done'
                           THEN left(COALESCE(NEW."faultString", NEW."lastError"), 300) END,
      'completedAt', to_char(COALESCE(NEW."completedAt", now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))));
  RETURN NULL;
END
$$;
