-- The fleet faults page (server/faults/occurrences-sql.ts) reads one window of every device's faults
-- and failed tasks. Without these it scanned DeviceFault whole and probed each failed task's faults
-- by device (3.45 s at 200,000 faults over 90 days on PGlite; `npm run bench:faults`).

-- CreateIndex
CREATE INDEX "DeviceFault_at_idx" ON "DeviceFault"("at");

-- CreateIndex
CREATE INDEX "DeviceFault_taskId_idx" ON "DeviceFault"("taskId");

-- Written by hand (Prisma cannot express a partial index; schema.prisma's Task model says so): the
-- failed tasks of a window, without reading the done/cancelled/expired ones of the same days.
CREATE INDEX "Task_fault_completedAt_idx" ON "Task"("completedAt") WHERE state = 'fault';
