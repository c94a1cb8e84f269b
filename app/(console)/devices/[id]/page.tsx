import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeviceView } from "@/components/device/device-view";
import { requireOperator } from "@/server/auth/session";
import { deviceExists } from "@/server/devices/exists";

export const metadata: Metadata = { title: "Device" };

export default async function DevicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireOperator(`/devices/${encodeURIComponent(id)}`);
  const deviceId = Number(id);
  // An unknown id is a 404 with the navigation, decided here before any client query runs.
  if (!(await deviceExists(deviceId))) notFound();
  return <DeviceView deviceId={deviceId} />;
}
