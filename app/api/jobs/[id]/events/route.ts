/**
 * GET /api/jobs/{id}/events — server-sent events for the job page (session auth, viewer). Sends the run's
 * job-run view (the same one `jobs.get` returns: status, stage, percent, loss curve, steps, log tail),
 * superjson-encoded so its dates arrive as dates, whenever it changes, polling the database once a second,
 * and closes after the run finishes. Works the same whichever executor runs the job, because both write to
 * job_runs.
 */
import superjson from "superjson";
import { getDb } from "@/server/db";
import { getSessionUser } from "@/server/auth/session-user";
import { getJobRunView, getRun } from "@/server/jobs";
import { getJobRunInputSchema, TERMINAL_JOB_STATUSES } from "@/server/jobs/schemas";
import { AuthError, NotFoundError } from "@/server/http/errors";
import { methodNotAllowed } from "@/server/http/handle-route";
import { errorToResponse } from "@/server/http/problem";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const POLL_MS = 1000;
const MAX_STREAM_MS = 30 * 60_000;

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const user = await getSessionUser();
  const instance = new URL(request.url).pathname;
  if (!user) return errorToResponse(new AuthError("sign in to follow jobs"), instance);
  const db = await getDb();
  if (!getJobRunInputSchema.safeParse({ runId: id }).success) return errorToResponse(new NotFoundError("job", id), instance);
  try {
    await getRun(db, { runId: id });
  } catch (err) {
    return errorToResponse(err, instance);
  }
  const encoder = new TextEncoder();
  const startedMs = Date.now();
  let closed = false;
  request.signal.addEventListener("abort", () => (closed = true));
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let last = "";
      while (!closed && Date.now() - startedMs < MAX_STREAM_MS) {
        const view = await getJobRunView(db, { runId: id, logLines: 100 });
        const payload = superjson.stringify(view);
        if (payload !== last) {
          controller.enqueue(encoder.encode(`data: ${payload}\n\n`));
          last = payload;
        } else {
          controller.enqueue(encoder.encode(`: keep-alive\n\n`));
        }
        if (TERMINAL_JOB_STATUSES.includes(view.status)) break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      controller.enqueue(encoder.encode("event: end\ndata: {}\n\n"));
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive" },
  });
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
