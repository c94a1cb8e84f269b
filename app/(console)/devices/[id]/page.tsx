import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeviceView } from "@/components/device/device-view";
import { requireOperator } from "@/server/auth/session";

export const metadata: Metadata = { title: "Device" };

export default async function DevicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireOperator(`/devices/${encodeURIComponent(id)}`);
  const deviceId = Number(id);
  if (!Number.isSafeInteger(deviceId) || deviceId <= 0) notFound();
  return <DeviceView deviceId={deviceId} />;
}
