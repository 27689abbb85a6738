import { z } from "zod";

/** RFC 9457 problem details as every REST error is answered (server/http/problem.ts). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    field: z.string().optional(),
    row: z.number().int().optional(),
    column: z.string().optional(),
    errors: z.array(z.object({ field: z.string().optional(), row: z.number().optional(), column: z.string().optional(), message: z.string() })).optional(),
  })
  .catchall(z.unknown());
