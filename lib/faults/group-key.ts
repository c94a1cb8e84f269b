// Which group of the faults view an action (drill-down, bulk retry) is about. Pure: the page builds the
// drill-down link from the same key the server's retry takes.
import { z } from "zod";
import { faultWindowSchema } from "./window";

const text = z.string().max(64);

export const faultGroupKeySchema = faultWindowSchema.extend({
  code: z.number().int().min(0).max(2147483647),
  /** RPC name; a group without a task (protocol faults) has nothing to retry. */
  task: z.string().min(1).max(64),
  manufacturer: text,
  productClass: text,
  modelName: text,
  softwareVersion: text,
});
export type FaultGroupKey = z.infer<typeof faultGroupKeySchema>;

/**
 * The device list filtered to the group: the fault filters (faultCode, faultTask, faultDays) plus the
 * list's own equality filters for the model and version (the list has no modelName filter: the product
 * class and manufacturer name the model there).
 */
export function drillDownHref(group: {
  days: number;
  code: number;
  task: string | null;
  manufacturer: string;
  productClass: string;
  softwareVersion: string;
}): string {
  const p = new URLSearchParams();
  p.set("faultCode", String(group.code));
  if (group.task) p.set("faultTask", group.task);
  p.set("faultDays", String(group.days));
  if (group.manufacturer) p.set("manufacturer", group.manufacturer);
  if (group.productClass) p.set("productClass", group.productClass);
  if (group.softwareVersion) p.set("softwareVersion", group.softwareVersion);
  return `/devices?${p.toString()}`;
}
