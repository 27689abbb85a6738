"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { USER_ROLES, type UserRole } from "@/server/auth/schemas";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState, Spinner } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { fieldErrorsOf, needsGeneralMessage } from "@/components/ui/trpc-errors";

const ROLE_TONE = { admin: "red", analyst: "blue", viewer: "zinc" } as const;

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        onDone();
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({
      email: String(f.get("email")),
      name: String(f.get("name") ?? "") || undefined,
      role: String(f.get("role")) as UserRole,
      password: String(f.get("password")),
    });
  }

  return (
    <Card className="mb-6 p-5">
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2" data-testid="create-user-form" noValidate>
        <Field label="Email" error={errors.email}>
          <Input name="email" type="email" required autoComplete="off" data-testid="new-user-email" />
        </Field>
        <Field label="Name (optional)" error={errors.name}>
          <Input name="name" autoComplete="off" />
        </Field>
        <Field label="Role" error={errors.role}>
          <Select name="role" defaultValue="viewer" data-testid="new-user-role">
            {USER_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Initial password" error={errors.password} hint="At least 12 characters; share it privately.">
          <Input name="password" type="password" required autoComplete="new-password" data-testid="new-user-password" />
        </Field>
        {create.error && needsGeneralMessage(errors, ["email", "name", "role", "password"]) && <p className="text-sm text-red-600 sm:col-span-2">{create.error.message}</p>}
        <div className="flex gap-2 sm:col-span-2">
          <Button type="submit" disabled={create.isPending} data-testid="create-user-submit">
            {create.isPending && <Spinner />} Create user
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}

export function UsersPanel({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const changeRole = useMutation(trpc.users.changeRole.mutationOptions({ onSettled: invalidate }));
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions({ onSettled: invalidate }));
  const actionError = changeRole.error ?? setDisabled.error;

  return (
    <>
      {creating ? (
        <CreateUserForm onDone={() => setCreating(false)} />
      ) : (
        <div className="mb-4 flex justify-end">
          <Button onClick={() => setCreating(true)} data-testid="new-user">
            New user
          </Button>
        </div>
      )}
      {actionError && <p className="mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/40 dark:text-red-300">{actionError.message}</p>}
      <Card className="overflow-hidden">
        {users.isPending ? (
          <LoadingState />
        ) : users.isError ? (
          <ErrorState error={users.error} onRetry={() => users.refetch()} />
        ) : users.data.length === 0 ? (
          <EmptyState title="No users" />
        ) : (
          <Table caption="Users" data-testid="users-table">
            <THead>
              <TR>
                <TH>User</TH>
                <TH>Role</TH>
                <TH hideBelow="sm">Status</TH>
                <TH hideBelow="md">Created</TH>
                <TH align="right">Actions</TH>
              </TR>
            </THead>
            <TBody>
              {users.data.map((u) => {
                const self = u.id === currentUserId;
                return (
                  <TR key={u.id} data-testid={`user-row-${u.email}`}>
                    <TD>
                      <p className="font-medium">{u.name ?? u.email}</p>
                      {u.name && <p className="text-xs text-zinc-500">{u.email}</p>}
                    </TD>
                    <TD>
                      {self ? (
                        <Badge tone={ROLE_TONE[u.role]}>{u.role} (you)</Badge>
                      ) : (
                        <Select
                          value={u.role}
                          aria-label={`Role of ${u.email}`}
                          onChange={(e) => changeRole.mutate({ userId: u.id, role: e.target.value as UserRole })}
                          className="w-auto py-1 text-xs"
                        >
                          {USER_ROLES.map((r) => (
                            <option key={r} value={r}>
                              {r}
                            </option>
                          ))}
                        </Select>
                      )}
                    </TD>
                    <TD hideBelow="sm">{u.disabledAt ? <Badge tone="amber">disabled</Badge> : <Badge tone="green">active</Badge>}</TD>
                    <TD hideBelow="md" className="text-zinc-500">
                      {formatDate(u.createdAt)}
                    </TD>
                    <TD align="right">
                      {!self && (
                        <Button
                          size="sm"
                          variant={u.disabledAt ? "secondary" : "danger"}
                          onClick={() => setDisabled.mutate({ userId: u.id, disabled: !u.disabledAt })}
                        >
                          {u.disabledAt ? "Enable" : "Disable"}
                        </Button>
                      )}
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
