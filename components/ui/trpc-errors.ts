/** Reads the field errors that server/trpc/init.ts's error formatter attaches to a failed call. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const data = (error as { data?: { fieldErrors?: Record<string, string[]> | null } } | null)?.data;
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(data?.fieldErrors ?? {})) if (messages?.[0]) out[field] = messages[0];
  return out;
}

/**
 * True when the error has to be shown as a general message: no field error at all, or one for a field
 * the form does not render inline (e.g. a CSV row's value).
 */
export function needsGeneralMessage(fieldErrors: Record<string, string>, placedFields: readonly string[]): boolean {
  const keys = Object.keys(fieldErrors);
  return keys.length === 0 || keys.some((k) => !placedFields.includes(k));
}
