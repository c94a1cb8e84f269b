// Monitoring's services in one process: the BulkData collector listener, statistics polled on the
// devices' own sessions, topology rules on Informs, the store's rollups/partitions/retention, alarms,
// incident localization and the wave QoE gate. server/start.ts starts and stops them as one. The
// collector, polling, topology rules and the gate serve this node's sessions and run on every node; the
// store's maintenance, alarms and incidents are cluster-wide and run on one node at a time.
import { startSingleton } from "../cluster/singleton";
import { startAlarms } from "./alarms/evaluate";
import { settings } from "../env";
import { startBulkDataCollector } from "./bulkdata";
import { startIncidents } from "./incidents/service";
import { startMonitoringPoll } from "./poll";
import { startMonitoringStore } from "./store/maintenance";
import { startTopologyRules } from "./topology/rules";
import { registerQoeWaveGate } from "./wave-gate";

export interface Monitoring {
  collectorUrl: string;
  stop(): Promise<void>;
}

export async function startMonitoring(collectorPort: number): Promise<Monitoring> {
  const poll = startMonitoringPoll();
  const offTopology = startTopologyRules();
  const offGate = registerQoeWaveGate();
  const collector = await startBulkDataCollector(collectorPort);
  const store = startSingleton("monitoring-store", () => startMonitoringStore());
  const evaluateMs = settings().MONITORING_EVALUATE_SECONDS * 1000;
  const alarms = startSingleton("alarms", () => startAlarms(evaluateMs));
  const incidents = startSingleton("incidents", () => startIncidents(evaluateMs));
  return {
    collectorUrl: collector.url,
    async stop() {
      poll.stop();
      offTopology();
      offGate();
      await Promise.all([store.stop(), alarms.stop(), incidents.stop()]);
      await collector.close();
    },
  };
}
