"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Spinner } from "@/components/ui/states";
import { submitCredentials } from "./submit-credentials";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    // Same-origin requests, so navigation stays relative to this origin whatever NEXTAUTH_URL says.
    const result = await submitCredentials({
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      callbackUrl,
    });
    if (result.ok) {
      // A full load so the server layout renders with the new session cookie.
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(result.message);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" data-testid="sign-in-form" noValidate>
      <Field label="Email">
        <Input name="email" type="email" autoComplete="username" required autoFocus data-testid="sign-in-email" />
      </Field>
      <Field label="Password">
        <Input name="password" type="password" autoComplete="current-password" required data-testid="sign-in-password" />
      </Field>
      {error && (
        <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/40 dark:text-red-300" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending} data-testid="sign-in-submit">
        {pending && <Spinner />} Sign in
      </Button>
    </form>
  );
}
