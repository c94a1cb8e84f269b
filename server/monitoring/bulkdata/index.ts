// The BulkData collector's public face: the listener and the per-device password profiles hand out.
export { startBulkDataCollector } from "./server";
export { bulkdataPasswordFor } from "./credentials";
