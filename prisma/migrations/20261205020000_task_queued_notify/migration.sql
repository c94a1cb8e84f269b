-- A CWMP task becoming queued (inserted, or put back in the queue) is announced on the channel
-- vantage_task_queued with its device id, committed with it. Every ACS node listens
-- (server/tasks/queued-listener.ts): a periodic session whose Inform found no work answers its empty
-- POST without asking the database again unless a task was queued for the device meanwhile, and
-- wakes a device for which one was queued just as its session ended. NOTIFY drops a repeat of the
-- same payload within a transaction, so queueing several tasks for one device announces it once.
-- Not on the embedded PGlite: its one backend serves every pool connection through pglite-socket,
-- where an asynchronous notification lands in another query's answer (seen: a simulated fleet's
-- sessions stalled); nothing listens there anyway, and the listener checks that the trigger exists.
CREATE FUNCTION vantage_task_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vantage_task_queued', NEW."deviceId"::text);
  RETURN NULL;
END
$$;

DO $$
BEGIN
  IF version() NOT LIKE '%PGlite%' THEN
    CREATE TRIGGER "Task_queued_notify"
      AFTER INSERT OR UPDATE OF state ON "Task"
      FOR EACH ROW WHEN (NEW.state = 'queued' AND NEW.protocol = 'cwmp')
      EXECUTE FUNCTION vantage_task_queued();
  END IF;
END
$$;
