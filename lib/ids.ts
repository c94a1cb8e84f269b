// Record ids as they arrive at a boundary (tRPC, later REST): bounded to their column's range, so an
// id past int4 is a clear 400 instead of a database error (500) or a silent miss.
import { z } from "zod";

/** Largest value of a PostgreSQL integer (int4) column: every autoincrement Int id. */
export const INT4_MAX = 2_147_483_647;

/** An Int @id (Device, Task, Operator, BulkJob, SavedSearch, IdentityConflict ...). */
export const recordId = z.number().int().min(1).max(INT4_MAX);

/** A BigInt @id (AuditLog, InformEvent, DeviceEvent, DeviceFault, BulkJobItem) as a cursor number. */
export const bigRecordId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
