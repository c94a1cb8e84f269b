-- Webhooks' task.done / task.failed (server/events/outbox.ts): written to the outbox in the same
-- transaction as the task's final state. A task ends on a dozen paths (the CPE's answer or fault, an
-- invalid answer, TransferComplete and boot evidence, DUStateChangeComplete, the attempts cap in a
-- session or found at claim, expiry at claim or by the sweep), several inside one SQL statement; as
-- for "Task_full_read_failed", one trigger on the state change covers them all, including paths added
-- later. The payload names the task and the device, never a parameter value (tasks may read or write
-- audience data): the RPC name, and for a failure the fault code and a bounded message.
CREATE OR REPLACE FUNCTION vantage_announce_task_end() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  dev RECORD;
BEGIN
  -- Every task ends here, monitoring polls and profile steps included: without a subscriber the event
  -- would only be written to be pruned. A subscription created later starts after the newest outbox row
  -- anyway, so skipping is exact, and the lookup reads a table of a few rows.
  IF NOT EXISTS (
    SELECT 1 FROM "WebhookSubscription"
    WHERE enabled AND events && ARRAY['task.done', 'task.failed']::text[]
  ) THEN
    RETURN NULL;
  END IF;
  SELECT d.id, d."serialNumber", d.oui, d."productClass" INTO dev FROM "Device" d WHERE d.id = NEW."deviceId";
  -- createdAt in UTC, as every other writer stores it (the column has no time zone; its default would
  -- take the session's zone, and fan-out and retention compare it with the process's UTC clock).
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

CREATE TRIGGER "Task_announce_end"
  AFTER UPDATE OF state ON "Task"
  FOR EACH ROW
  WHEN (NEW.state IN ('done', 'fault', 'expired') AND OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION vantage_announce_task_end();
