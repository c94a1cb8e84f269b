import { TRPCClientError } from "@trpc/client";

/** A readable message for a failed call: the first validation issue, or the server's message. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as { zodError?: { message: string }[] | null } | undefined;
    const issue = data?.zodError?.[0];
    if (issue) return issue.message;
    return error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong";
}
