// Placeholder replaced by the listener (contract: startBulkDataCollector).
export async function startBulkDataCollector(port: number): Promise<{ url: string; close(): Promise<void> }> {
  void port;
  throw new Error("BulkData collector not implemented yet");
}
