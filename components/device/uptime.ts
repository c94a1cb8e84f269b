// The device's uptime now, from what it last reported. A reported UpTime ages with the wall clock
// (reported + time since it was read); but a value read before the device's last BOOT belongs to the
// previous power cycle (Informs usually do not carry UpTime), so after a reboot the boot time decides.

export interface UptimeInputs {
  /** seconds the device reported, and when (ms since epoch) that value was read */
  reported: { seconds: number; readAt: number } | null;
  /** the Inform with "1 BOOT" */
  lastBoot: Date | null;
  now: number;
}

/** Seconds since the device booted, or null when nothing tells. */
export function currentUptime({ reported, lastBoot, now }: UptimeInputs): number | null {
  const boot = lastBoot?.getTime() ?? null;
  const usable = reported && Number.isFinite(reported.seconds) && reported.seconds >= 0 ? reported : null;
  if (usable && (boot === null || usable.readAt >= boot)) {
    return usable.seconds + Math.max(0, (now - usable.readAt) / 1000);
  }
  if (boot !== null) return Math.max(0, (now - boot) / 1000);
  return null;
}
