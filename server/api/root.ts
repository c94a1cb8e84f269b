import "server-only";
import { alarmsRouter } from "./routers/alarms";
import { apiTokensRouter } from "./routers/api-tokens";
import { auditRouter } from "./routers/audit";
import { bulkRouter } from "./routers/bulk";
import { datamodelRouter } from "./routers/datamodel";
import { deviceRouter } from "./routers/device";
import { devicesRouter } from "./routers/devices";
import { deliveryRouter } from "./routers/delivery";
import { faultsRouter } from "./routers/faults";
import { firmwareRouter } from "./routers/firmware";
import { identityRouter } from "./routers/identity";
import { incidentsRouter } from "./routers/incidents";
import { mobileRouter } from "./routers/mobile";
import { audienceRouter } from "./routers/audience";
import { monitoringRouter } from "./routers/monitoring";
import { profilesRouter } from "./routers/profiles";
import { operatorsRouter } from "./routers/operators";
import { savedSearchesRouter } from "./routers/saved-searches";
import { sessionRouter } from "./routers/session";
import { softwareModulesRouter } from "./routers/software-modules";
import { topologyRouter } from "./routers/topology";
import { wavesRouter } from "./routers/waves";
import { webhooksRouter } from "./routers/webhooks";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** One router per domain; the next domains (tasks, operators, audit ...) are added here. */
export const appRouter = createTRPCRouter({
  session: sessionRouter,
  devices: devicesRouter,
  device: deviceRouter,
  mobile: mobileRouter,
  savedSearches: savedSearchesRouter,
  bulk: bulkRouter,
  operators: operatorsRouter,
  audit: auditRouter,
  datamodel: datamodelRouter,
  identity: identityRouter,
  faults: faultsRouter,
  profiles: profilesRouter,
  firmware: firmwareRouter,
  delivery: deliveryRouter,
  softwareModules: softwareModulesRouter,
  waves: wavesRouter,
  audience: audienceRouter,
  monitoring: monitoringRouter,
  alarms: alarmsRouter,
  incidents: incidentsRouter,
  topology: topologyRouter,
  apiTokens: apiTokensRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
