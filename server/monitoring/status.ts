// What the overview shows beside its charts, and GET /api/v1/monitoring/status: open incidents and raised
// alarms by severity. One contract for the console's router and the REST resource.
import { z } from "zod";
import { alarmCounts } from "./alarms/queries";
import { openIncidentCount } from "./incidents/queries";

export const monitoringStatusOutput = z.object({
  openIncidents: z.number(),
  alarms: z.array(z.object({ severity: z.string(), raised: z.number(), unacknowledged: z.number() })),
});

export async function monitoringStatus(): Promise<z.infer<typeof monitoringStatusOutput>> {
  const [openIncidents, alarms] = await Promise.all([openIncidentCount(), alarmCounts()]);
  return { openIncidents, alarms };
}
