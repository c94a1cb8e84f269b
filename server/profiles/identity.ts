// How the engine's work is recognised: tasks it queues are created by "system:profile:<id>", and a
// device's stamp lists the profile versions it was last evaluated against.
export const PROFILE_CREATOR = "system:profile:";
export const profileCreator = (profileId: number) => `${PROFILE_CREATOR}${profileId}`;

/** "id:version" of each profile, by id: what the device was last evaluated against. */
export function stampOf(profiles: readonly { id: number; version: number }[]): string {
  return [...profiles]
    .sort((a, b) => a.id - b.id)
    .map((p) => `${p.id}:${p.version}`)
    .join(",");
}
