import type { Permission } from "@/lib/permissions";

/** What each permission lets an operator do, in the words of the roles page. */
export const PERMISSION_LABELS: Record<Permission, string> = {
  "devices.read": "See devices, their parameters and history",
  "devices.write": "Change parameter values",
  "devices.reboot": "Reboot a device",
  "devices.factory_reset": "Factory-reset a device",
  "devices.bulk": "Run bulk jobs on many devices",
  "devices.management_server": "Change ManagementServer settings (ACS URL, credentials)",
  "devices.identity": "Decide identity conflicts",
  "tasks.read": "See tasks",
  "tasks.write": "Queue and cancel tasks",
  "faults.read": "See faults",
  "operators.manage": "Manage operators and their roles",
  "audit.read": "Read the audit log",
  "firmware.read": "See firmware images and waves",
  "firmware.rollout": "Upload images, send them to devices, run waves",
  "firmware.keys": "Trust originator signing keys",
  "devices.files": "Download files devices uploaded (config backups hold credentials)",
  "audience.read": "See audience figures",
  "audience.optout": "Record audience opt-outs",
  "monitoring.read": "See stream quality, dashboards, alarms and incidents",
  "alarms.write": "Edit alarm rules, acknowledge alarms and incidents, import topology and channels",
  "datamodel.manage": "Import vendor data models",
  "profiles.read": "See provisioning profiles and each device's state",
  "profiles.write": "Create, edit, enable and apply provisioning profiles",
};
