// What a real CPE keeps in flash across restarts: the ACS credentials the ACS gave it
// (ManagementServer.Username/Password). The simulator keeps them in a file so a restarted simulated
// fleet (e.g. a second `npm run demo` on the same data directory) still authenticates with its own
// credentials instead of the shared ones — which the ACS refuses once a device has its own.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { SimDevice } from "./device";

const stored = z.record(z.string(), z.object({ username: z.string(), password: z.string() }));

export interface CredentialStore {
  /** Put the credentials a device was given before back into its tree; true when it had some. */
  restore(device: SimDevice): boolean;
  /** Remember the device's current credentials when they are its own (not the shared ones). */
  save(device: SimDevice): void;
}

export function fileCredentialStore(file: string, sharedUsername: string): CredentialStore {
  let entries: z.infer<typeof stored> = {};
  if (existsSync(file)) {
    const parsed = stored.safeParse(safeJson(readFileSync(file, "utf8")));
    // A damaged file only costs the devices their own credentials (they bootstrap again).
    if (parsed.success) entries = parsed.data;
  }
  const write = (): void => {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(entries), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, file);
    } catch {
      // Not kept: after a restart this device bootstraps with the shared credentials again.
    }
  };
  return {
    restore(device) {
      const own = entries[device.serial];
      if (!own) return false;
      device.tree.set(`${device.root}ManagementServer.Username`, own.username);
      device.tree.set(`${device.root}ManagementServer.Password`, own.password);
      device.bootstrapped = true;
      return true;
    },
    save(device) {
      const username = device.ms("Username");
      const password = device.ms("Password");
      const known = entries[device.serial];
      if (username === sharedUsername || username === "") {
        // Back on the shared credentials (a factory reset): the old own ones are gone from the device.
        if (known) {
          delete entries[device.serial];
          write();
        }
        return;
      }
      if (known?.username === username && known.password === password) return;
      entries[device.serial] = { username, password };
      write();
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
