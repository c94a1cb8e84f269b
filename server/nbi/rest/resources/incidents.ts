// REST incidents (fault localization): list and one incident with its evidence (monitoring.read);
// acknowledging (alarms.write). The console's incident services, unchanged.
import "server-only";
import { z } from "zod";
import { INCIDENT_VERDICTS } from "../../../../lib/monitoring/incident-schema";
import { getIncident, listIncidents } from "../../../monitoring/incidents/queries";
import { acknowledgeIncident } from "../../../monitoring/incidents/service";
import { decodeCursor, encodeCursor, pageInput, pageOf } from "../pagination";
import { apiProcedure, createApiRouter } from "../trpc";
import { idPath } from "./paging";

const TAGS = ["incidents"];
const MAX_INCIDENT_PAGE = 200;

const incidentSchema = z
  .object({
    id: z.number().int(),
    verdict: z.string().describe(INCIDENT_VERDICTS.join(" | ")),
    location: z.string(),
    label: z.string(),
    layer: z.string(),
    confidence: z.number(),
    state: z.string(),
    startedAt: z.date(),
    lastSeenAt: z.date(),
    resolvedAt: z.date().nullable(),
    impairedDevices: z.number().int(),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.date().nullable(),
  })
  .meta({ id: "Incident" });

// The localizer's evidence is JSON: passed through as the console receives it (its router checks it).
const detailSchema = incidentSchema
  .extend({
    evidence: z
      .record(z.string(), z.unknown())
      .describe("what the localizer saw: devices, layers, rates, competing hypotheses"),
  })
  .meta({ id: "IncidentDetail" });

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
    .query(async ({ input }) => {
      const { evidence, ...row } = await getIncident(input.id);
      return { ...row, evidence: { ...evidence } };
    }),

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
