// REST incidents (fault localization): list and one incident with its evidence (monitoring.read);
// acknowledging (alarms.write). The console's incident services, unchanged.
import "server-only";
import { z } from "zod";
import { INCIDENT_VERDICTS } from "../../../../lib/monitoring/incident-schema";
import { evidenceSchema, incidentRowSchema } from "../../../monitoring/incidents/output";
import { getIncident, listIncidents } from "../../../monitoring/incidents/queries";
import { acknowledgeIncident } from "../../../monitoring/incidents/service";
import { decodeCursor, encodeCursor, pageInput, pageOf } from "../pagination";
import { apiProcedure, createApiRouter } from "../trpc";
import { idPath } from "./paging";

const TAGS = ["incidents"];
const MAX_INCIDENT_PAGE = 200;

const incidentSchema = incidentRowSchema.meta({ id: "Incident" });
const detailSchema = incidentRowSchema.extend({ evidence: evidenceSchema }).meta({ id: "IncidentDetail" });

const incidentKey = z.number().int().min(1).max(2_147_483_647);

export const incidentsRoutes = createApiRouter({
  list: apiProcedure("monitoring.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/incidents",
        tags: TAGS,
        summary: "List incidents, newest first",
        protect: true,
      },
    })
    .input(
      z.object({
        ...pageInput,
        state: z.enum(["open", "resolved", "all"]).default("open"),
        verdict: z.enum(INCIDENT_VERDICTS).optional(),
      }),
    )
    .output(pageOf(incidentSchema))
    .query(async ({ input }) => {
      const page = await listIncidents({
        state: input.state,
        verdict: input.verdict,
        limit: Math.min(input.limit, MAX_INCIDENT_PAGE),
        cursor: decodeCursor(input.cursor, incidentKey),
      });
      return { items: page.rows, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    }),

  get: apiProcedure("monitoring.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/incidents/{id}",
        tags: TAGS,
        summary: "One incident with its evidence",
        protect: true,
      },
    })
    .input(idPath)
    .output(detailSchema)
    .query(({ input }) => getIncident(input.id)),

  acknowledge: apiProcedure("alarms.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/incidents/{id}/acknowledge",
        tags: TAGS,
        summary: "Acknowledge an incident",
        protect: true,
      },
    })
    .input(idPath)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await acknowledgeIncident(input.id, ctx.principal.actor);
      return { ok: true as const };
    }),
});
