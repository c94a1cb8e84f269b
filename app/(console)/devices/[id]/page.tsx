import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeviceView } from "@/components/device/device-view";

export const metadata: Metadata = { title: "Device" };

export default async function DevicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const deviceId = Number(id);
  if (!Number.isSafeInteger(deviceId) || deviceId <= 0) notFound();
  return <DeviceView deviceId={deviceId} />;
}
