import type { Notification, ProfileTrigger } from "@/lib/profiles/definition";

export const TRIGGER_LABELS: Record<ProfileTrigger, string> = {
  first_contact: "First contact",
  boot: "Boot",
  periodic: "Periodic inform",
  value_change: "Value change",
  on_demand: "On demand",
};

export const NOTIFICATION_LABELS: Record<Notification, string> = {
  off: "Off",
  passive: "Passive",
  active: "Active",
};
