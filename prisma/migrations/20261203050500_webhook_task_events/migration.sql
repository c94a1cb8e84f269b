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
  SELECT d.id, d."serialNumber", d.oui, d."productClass" INTO dev FROM "Device" d WHERE d.id = NEW."deviceId";
  INSERT INTO "OutboxEvent" (type, payload) VALUES (
    CASE WHEN NEW.state = 'done' THEN 'task.done' ELSE 'task.failed' END,
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
