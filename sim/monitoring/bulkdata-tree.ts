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

/** A new Profile instance (AddObject): what this CPE's HTTP transport supports. */
export function initBulkDataProfile(t: ParamTree, table: string, n: number): void {
  if (!/BulkData\.Profile\.$/.test(table)) return;
  const http = `${table}${n}.HTTP.`;
  const set = (name: string, v: string) => {
    const p = t.params.get(http + name);
    if (p) p.value = v;
  };
  set("CompressionsSupported", "GZIP");
  set("MethodsSupported", "POST,PUT");
}
