// Operators of one role for a spec, created straight in the database, and signing in through the form.
import { expect, type Page } from "@playwright/test";
import { hashPassword } from "../../server/auth/password";
import type { Role } from "../../server/generated/prisma/enums";
import { testDb } from "./db";

export interface TestOperator {
  username: string;
  password: string;
}

/** A fresh operator (the username carries `run` so specs sharing the database don't collide). */
export async function createOperator(role: Role, run: string): Promise<TestOperator> {
  const op = { username: `${role}-${run}`, password: `${role}-pass-${run}-12345` };
  await testDb().operator.create({
    data: { username: op.username, passwordHash: await hashPassword(op.password), role },
  });
  return op;
}

export async function signIn(page: Page, op: TestOperator): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(op.username);
  await page.getByLabel("Password").fill(op.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices/);
}
