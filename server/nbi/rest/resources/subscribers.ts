// REST subscribers: a subscriber's devices (devices.read, through the console's device search) and its
// household's audience opt-out (the subscriber id is the household key); recording or withdrawing the
// opt-out needs audience.optout, as in the console, and runs the console's service (sessions deleted,
// audited with the token's operator).
import "server-only";
import { z } from "zod";
import { deviceSearchSchema } from "../../../../lib/devices/search-query";
import { householdOptOut, optOutHousehold, withdrawOptOut } from "../../../audience/optout";
import { searchDevices } from "../../../devices/search";
import { deviceListRowSchema } from "../../../devices/search-output";
import { apiProcedure, createApiRouter } from "../trpc";

const TAGS = ["subscribers"];
/** A subscriber has a handful of boxes; the search is read in one page this large. */
const MAX_SUBSCRIBER_DEVICES = 200;

const subscriberPath = z.object({
  subscriberId: z.string().trim().min(1).max(200).describe("The subscriber / account id the devices report"),
});

const optOutSchema = z.object({
  optedOut: z.boolean(),
  optedOutAt: z.date().nullable(),
});

const deviceSchema = deviceListRowSchema.omit({ params: true });

export const subscribersRoutes = createApiRouter({
  get: apiProcedure("devices.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/subscribers/{subscriberId}",
        tags: TAGS,
        summary: "A subscriber's devices and audience opt-out",
        description:
          "audienceOptOut is null unless the token also has audience.optout. A subscriber with no device " +
          "answers an empty list, not 404 (its opt-out may be recorded before its first box informs).",
        protect: true,
      },
    })
    .input(subscriberPath)
    .output(
      z.object({
        subscriberId: z.string(),
        devices: z.array(deviceSchema),
        truncated: z.boolean().describe(`true when more than ${MAX_SUBSCRIBER_DEVICES} devices matched`),
        audienceOptOut: optOutSchema.nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { subscriberId } = input;
      // The free-text search matches subscriber ids (exactly, or by part when long): keep exact ones.
      const found = await searchDevices(
        deviceSearchSchema.parse({
          q: subscriberId,
          sort: "serialNumber",
          dir: "asc",
          pageSize: MAX_SUBSCRIBER_DEVICES,
        }),
      );
      const devices = found.rows
        .filter((d) => d.subscriberId === subscriberId)
        .map(({ params: _params, ...d }) => d);
      const mayReadOptOut = ctx.principal.permissions.includes("audience.optout");
      return {
        subscriberId,
        devices,
        truncated: found.total > found.rows.length,
        audienceOptOut: mayReadOptOut ? await householdOptOut(subscriberId) : null,
      };
    }),

  optOut: apiProcedure("audience.optout")
    .meta({
      openapi: {
        method: "PUT",
        path: "/subscribers/{subscriberId}/audience-opt-out",
        tags: TAGS,
        summary: "Opt the subscriber's household out of audience measurement (deletes its stored sessions)",
        protect: true,
      },
    })
    .input(subscriberPath.extend({ note: z.string().max(500).default("") }))
    .output(z.object({ deleted: z.number().int().describe("stored viewing sessions deleted") }))
    .mutation(({ ctx, input }) => optOutHousehold(ctx.principal.actor, input.subscriberId, input.note)),

  withdrawOptOut: apiProcedure("audience.optout")
    .meta({
      openapi: {
        method: "DELETE",
        path: "/subscribers/{subscriberId}/audience-opt-out",
        tags: TAGS,
        summary: "Withdraw the opt-out (collection resumes; nothing deleted comes back)",
        protect: true,
      },
    })
    .input(subscriberPath)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => withdrawOptOut(ctx.principal.actor, input.subscriberId)),
});
