/** Reads the field errors that server/trpc/init.ts's error formatter attaches to a failed call. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const data = (error as { data?: { fieldErrors?: Record<string, string[]> | null } } | null)?.data;
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(data?.fieldErrors ?? {})) if (messages?.[0]) out[field] = messages[0];
  return out;
}
