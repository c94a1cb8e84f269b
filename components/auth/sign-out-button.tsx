"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  async function handleClick() {
    setPending(true);
    // No next-auth redirect: it would send the browser to NEXTAUTH_URL's host, which may differ from the one in use.
    await signOut({ redirect: false });
    router.replace("/login");
    router.refresh();
  }
  return (
    <Button variant="secondary" onClick={handleClick} disabled={pending}>
      Sign out
    </Button>
  );
}
