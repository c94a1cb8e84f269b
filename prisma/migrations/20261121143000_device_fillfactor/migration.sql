-- Every CWMP session updates its device row twice (Inform, then the lock release). Free space on each
-- page lets the release (which changes no indexed column) be a HOT update: no index entries written.
ALTER TABLE "Device" SET (fillfactor = 70);
