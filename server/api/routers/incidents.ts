// Incidents (fault localization): the list and one incident with its evidence are reads
// (monitoring.read); acknowledging needs alarms.write. Localization runs in server/monitoring/incidents.
import "server-only";
import { z } from "zod";
import { recordId } from "../../../lib/ids";
import { incidentListSchema } from "../../../lib/monitoring/incident-schema";
import { getIncident, listIncidents } from "../../monitoring/incidents/queries";
import { acknowledgeIncident } from "../../monitoring/incidents/service";
import { evidenceSchema, incidentRowSchema } from "../../monitoring/incidents/output";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("monitoring.read");
const write = permissionProcedure("alarms.write");

export const incidentsRouter = createTRPCRouter({
  list: read
    .input(incidentListSchema.default({ state: "open", limit: 50 }))
    .output(z.object({ rows: z.array(incidentRowSchema), next: z.number().nullable() }))
    .query(({ input }) => listIncidents(input)),
  get: read
    .input(z.object({ id: recordId }))
    .output(incidentRowSchema.extend({ evidence: evidenceSchema }))
    .query(({ input }) => getIncident(input.id)),
  acknowledge: write
    .input(z.object({ id: recordId }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await acknowledgeIncident(input.id, ctx.operator);
      return { ok: true as const };
    }),
});
