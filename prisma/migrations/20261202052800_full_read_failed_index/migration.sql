-- The device list's "bootstrap incomplete" filter and flag: few devices are flagged, so a partial index
-- keeps the filter an index scan at millions of devices and costs nothing for the rest.
CREATE INDEX IF NOT EXISTS "Device_fullReadFailedAt_flagged_idx" ON "Device"("fullReadFailedAt")
  WHERE "fullReadFailedAt" IS NOT NULL;
