import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { UsersPanel } from "@/components/users/users-panel";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireUser("admin", "/users");
  return (
    <>
      <PageHeader title="Users" description="Who can sign in, and what they may do: viewers read, analysts import data, admins manage users and keys." />
      <UsersPanel currentUserId={me.id} />
    </>
  );
}
