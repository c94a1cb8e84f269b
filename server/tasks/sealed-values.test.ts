import { describe, expect, it } from "vitest";
import type { AcsRequest } from "../cwmp/soap/types";
import { isSealed } from "../secrets-file";
import { openRequestSecrets, sealRequestSecrets } from "./sealed-values";
import { presentableTask } from "./stored-answer";
import type { Task } from "../generated/prisma/client";

const download: AcsRequest = {
  name: "Download",
  commandKey: "fw-1",
  fileType: "1 Firmware Upgrade Image",
  url: "https://127.0.0.1/fw.bin",
  username: "fileserver",
  password: "file-server-pw",
  fileSize: 1024,
  targetFileName: "",
  delaySeconds: 0,
  successUrl: "",
  failureUrl: "",
};

describe("transfer passwords at rest", () => {
  it("seals a Download's file-server password and opens it for the CPE", () => {
    const stored = sealRequestSecrets(download);
    expect(JSON.stringify(stored)).not.toContain("file-server-pw");
    expect(isSealed((stored as { password: string }).password)).toBe(true);
    expect(openRequestSecrets(stored)).toEqual(download);
  });

  it("seals each ChangeDUState install password and leaves empty ones", () => {
    const request = {
      name: "ChangeDUState",
      commandKey: "du",
      operations: [
        {
          op: "Install",
          url: "https://127.0.0.1/a",
          uuid: "",
          username: "u",
          password: "du-pw",
          executionEnvRef: "",
        },
        {
          op: "Install",
          url: "https://127.0.0.1/b",
          uuid: "",
          username: "",
          password: "",
          executionEnvRef: "",
        },
      ],
    } as unknown as AcsRequest;
    const stored = sealRequestSecrets(request);
    expect(JSON.stringify(stored)).not.toContain("du-pw");
    const ops = (stored as unknown as { operations: { password: string }[] }).operations;
    expect(isSealed(ops[0]!.password)).toBe(true);
    expect(ops[1]!.password).toBe("");
    expect(openRequestSecrets(stored)).toEqual(request);
  });

  it("shows the console neither the password nor its ciphertext", () => {
    const stored = sealRequestSecrets(download);
    const task = { request: stored, result: null } as unknown as Task;
    const shown = JSON.stringify(presentableTask(task));
    expect(shown).not.toContain("file-server-pw");
    expect(shown).not.toContain((stored as { password: string }).password);
    expect(shown).toContain("••••••••");
    expect(shown).toContain("fileserver");
  });
});
