// The BulkData object in a CPE's tree (built with the device, before any import of the client).
import type { ParamTree } from "../param-tree";

/** The BulkData object a TR-181 CPE with HTTP reporting exposes (no profile until the ACS adds one). */
export function addBulkData(t: ParamTree, root: string, minInterval = 60): void {
  t.fill(`${root}BulkData.`, {
    Enable: true,
    Status: "Enabled",
    MinReportingInterval: minInterval,
    Protocols: "HTTP",
    EncodingTypes: "JSON,CSV",
    ParameterWildCardSupported: false,
    MaxNumberOfProfiles: 4,
    MaxNumberOfParameterReferences: 128,
    ProfileNumberOfEntries: 0,
  });
  t.ensureObject(`${root}BulkData.Profile.`);
}
