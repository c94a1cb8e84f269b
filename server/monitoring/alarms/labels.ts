// Readable names of scope values for alarms (serial, channel name, node name ...), looked up in bulk.
import type { AlarmScope } from "../../../lib/monitoring/alarm-schema";
import type { Prisma } from "../../generated/prisma/client";

type Client = Prisma.TransactionClient;

const ids = (keys: readonly string[]) =>
  keys.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647);

export async function scopeLabels(
  client: Client,
  scope: AlarmScope,
  keys: readonly string[],
): Promise<Map<string, string>> {
  switch (scope) {
    case "device": {
      const rows = await client.device.findMany({
        where: { id: { in: ids(keys) } },
        select: { id: true, serialNumber: true, modelName: true },
      });
      return new Map(
        rows.map((r) => [String(r.id), `${r.serialNumber}${r.modelName ? ` (${r.modelName})` : ""}`]),
      );
    }
    case "channel": {
      const rows = await client.channel.findMany({
        where: { id: { in: ids(keys) } },
        select: { id: true, name: true },
      });
      return new Map(rows.map((r) => [String(r.id), r.name]));
    }
    case "access_node": {
      const rows = await client.accessNode.findMany({
        where: { id: { in: ids(keys) } },
        select: { id: true, name: true },
      });
      return new Map(rows.map((r) => [String(r.id), r.name]));
    }
    case "region": {
      const rows = await client.region.findMany({
        where: { id: { in: ids(keys) } },
        select: { id: true, name: true },
      });
      return new Map(rows.map((r) => [String(r.id), r.name]));
    }
    case "fleet":
      return new Map(keys.map((k) => [k, "Fleet"]));
    default:
      return new Map(keys.map((k) => [k, k]));
  }
}
