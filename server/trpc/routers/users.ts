import { z } from "zod";
import { USER_ROLES } from "@/db/schema";
import { changeUserRole } from "@/server/users/change-role";
import { createUser } from "@/server/users/create-user";
import { listUsers } from "@/server/users/list-users";
import { setUserDisabled } from "@/server/users/set-user-disabled";
import { adminProcedure, router } from "../init";

export const userRoleSchema = z.enum(USER_ROLES);

export const publicUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: userRoleSchema,
  disabledAt: z.date().nullable(),
  createdAt: z.date(),
});

export const createUserInput = z.object({
  email: z.email("Enter a valid email address").max(320),
  name: z.string().trim().max(200).optional(),
  role: userRoleSchema,
  password: z.string().min(12, "Use at least 12 characters").max(1024),
});

export const changeRoleInput = z.object({ userId: z.uuid(), role: userRoleSchema });
export const setDisabledInput = z.object({ userId: z.uuid(), disabled: z.boolean() });

export const usersRouter = router({
  list: adminProcedure.output(z.array(publicUserSchema)).query(({ ctx }) => listUsers(ctx.db)),
  create: adminProcedure
    .input(createUserInput)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) => createUser(ctx.db, input, ctx.user.id)),
  changeRole: adminProcedure
    .input(changeRoleInput)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) => changeUserRole(ctx.db, { ...input, actorId: ctx.user.id })),
  setDisabled: adminProcedure
    .input(setDisabledInput)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) => setUserDisabled(ctx.db, { ...input, actorId: ctx.user.id })),
});
