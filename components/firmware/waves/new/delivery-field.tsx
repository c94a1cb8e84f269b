"use client";

import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { ImageOption, WaveForm } from "./form-types";

/**
 * How the wave sends its image: each device fetching it over HTTP, or one multicast FLUTE carousel
 * every device of a stage joins (the network carries the image once per pass, not once per device).
 */
export function DeliveryField({ form, images }: { form: WaveForm; images: ImageOption[] }) {
  const [imageId, delivery] = form.watch(["imageId", "delivery"]);
  const image = images.find((i) => String(i.id) === imageId);
  const appImage = image?.method === "install";
  const hint =
    appImage && delivery === "multicast"
      ? "Apps are installed over HTTP only: choose HTTP for this image."
      : delivery === "multicast"
        ? "The ACS repeats the image on a multicast group while the stage runs; each device joins, checks MD5 and the signature. A device that cannot join is retried once over HTTP."
        : "Each device fetches the image from the file server with its own credentials.";
  return (
    <Field id="wave-delivery" label="Delivery" hint={hint} error={form.formState.errors.delivery?.message}>
      <Select {...form.register("delivery")}>
        <option value="http">HTTP (unicast)</option>
        <option value="multicast">Multicast (FLUTE)</option>
      </Select>
    </Field>
  );
}
