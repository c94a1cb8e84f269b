import { redirect } from "next/navigation";
import { requireOperator } from "@/server/auth/session";

export default async function HomePage() {
  await requireOperator("/");
  redirect("/devices");
}
