/** Users: list, create, change role, disable or enable (admin). */
import { changeUserRole } from "@/server/users/change-role";
import { createUser } from "@/server/users/create-user";
import { listUsers } from "@/server/users/list-users";
import {
  changeRoleInputSchema,
  createUserInputSchema,
  listUsersOutputSchema,
  publicUserSchema,
  setDisabledInputSchema,
} from "@/server/users/schemas";
import { setUserDisabled } from "@/server/users/set-user-disabled";
import { adminProcedure, router } from "../init";

export const usersRouter = router({
  list: adminProcedure.output(listUsersOutputSchema).query(({ ctx }) => listUsers(ctx.db)),
  create: adminProcedure
    .input(createUserInputSchema)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) => createUser(ctx.db, input, ctx.user.id)),
  changeRole: adminProcedure
    .input(changeRoleInputSchema)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) => changeUserRole(ctx.db, { ...input, actorId: ctx.user.id })),
  setDisabled: adminProcedure
    .input(setDisabledInputSchema)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) => setUserDisabled(ctx.db, { ...input, actorId: ctx.user.id })),
});
