import { asc } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { publicUserColumns, type PublicUser } from "./public-user";

export async function listUsers(db: DbOrTx): Promise<PublicUser[]> {
  return db.select(publicUserColumns).from(users).orderBy(asc(users.createdAt), asc(users.email));
}
