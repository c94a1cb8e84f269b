"use client";

/** Deployment units and execution units of the device (TR-181 SoftwareModules): filled by issue 10's apps part. */
export function AppsPanel(_props: { deviceId: number; online: boolean; canWrite: boolean }) {
  return null;
}
