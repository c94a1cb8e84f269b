// Polled statistics for devices without BulkData (contract: startMonitoringPoll).
export function startMonitoringPoll(): { stop(): void } {
  return { stop() {} };
}
