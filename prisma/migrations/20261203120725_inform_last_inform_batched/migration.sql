-- The Inform statements (server/devices/inform-statements.ts) update DeviceLastInform themselves, in
-- one set-based UPDATE for the whole batch, and say so with the transaction-local setting
-- vantage.last_inform_written: the row trigger then stays out of PL/pgSQL for their rows (one
-- function call and one planned UPDATE per device saved). Every other writer of Device.lastInform
-- still gets the copy from the trigger.
DROP TRIGGER "Device_last_inform_update" ON "Device";
CREATE TRIGGER "Device_last_inform_update" AFTER UPDATE OF "lastInform" ON "Device"
  FOR EACH ROW WHEN (OLD."lastInform" IS DISTINCT FROM NEW."lastInform"
                     AND current_setting('vantage.last_inform_written', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION vantage_last_inform_copy();
