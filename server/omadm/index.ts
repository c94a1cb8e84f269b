// OMA DM (SyncML DM 1.2) protocol codecs: pure functions, no database, no HTTP. Layers, each usable
// alone (see the header of each module for its API):
//   wbxml/         WBXML 1.1-1.3 bytes <-> element tree (SyncML 1.2, MetInf, DM DDF 1.2 code pages)
//   syncml/        SyncML DM messages <-> bytes in XML or WBXML: parseSyncML / serializeSyncML
//   auth.ts        syncml:auth-basic, syncml:auth-md5, syncml:auth-MAC (x-syncml-hmac), nonces
//   notification.ts package 0 (General Notification Initiated Session Alert): build, parse, verify
// Protocol code shared with the simulator (sim/), so no "server-only" marker, like server/cwmp.
export * from "./syncml";
export * from "./auth";
export * from "./notification";
export { DEFAULT_WBXML_LIMITS, WbxmlError, type Result, type WbxmlLimits } from "./wbxml";
