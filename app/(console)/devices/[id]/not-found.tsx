import { NotFoundMessage } from "@/components/ui/not-found-message";

export default function DeviceNotFound() {
  return <NotFoundMessage what="device" />;
}
