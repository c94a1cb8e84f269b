// The REST API's routes: one router piece per resource file in ./resources, merged here. To add a
// resource, export `<name>Routes` from resources/<name>.ts and add one line below.
import "server-only";
import { alarmsRoutes } from "./resources/alarms";
import { appsRoutes } from "./resources/apps";
import { auditRoutes } from "./resources/audit";
import { audienceRoutes } from "./resources/audience";
import { bulkRoutes } from "./resources/bulk";
import { deliveryRoutes } from "./resources/delivery";
import { devicesRoutes } from "./resources/devices";
import { faultsRoutes } from "./resources/faults";
import { firmwareRoutes } from "./resources/firmware";
import { identityRoutes } from "./resources/identity";
import { incidentsRoutes } from "./resources/incidents";
import { mobileRoutes } from "./resources/mobile";
import { monitoringRoutes } from "./resources/monitoring";
import { optOutsRoutes } from "./resources/opt-outs";
import { profilesRoutes } from "./resources/profiles";
import { subscribersRoutes } from "./resources/subscribers";
import { tasksRoutes } from "./resources/tasks";
import { topologyRoutes } from "./resources/topology";
import { wavesRoutes } from "./resources/waves";
import { webhooksRoutes } from "./resources/webhooks";
import { createApiRouter } from "./trpc";

export const apiRouter = createApiRouter({
  delivery: deliveryRoutes,
  apps: appsRoutes,
  devices: devicesRoutes,
  tasks: tasksRoutes,
  mobile: mobileRoutes,
  bulk: bulkRoutes,
  firmware: firmwareRoutes,
  waves: wavesRoutes,
  profiles: profilesRoutes,
  alarms: alarmsRoutes,
  incidents: incidentsRoutes,
  audience: audienceRoutes,
  subscribers: subscribersRoutes,
  topology: topologyRoutes,
  monitoring: monitoringRoutes,
  faults: faultsRoutes,
  audit: auditRoutes,
  identity: identityRoutes,
  webhooks: webhooksRoutes,
  optOuts: optOutsRoutes,
});

export type ApiRouter = typeof apiRouter;
