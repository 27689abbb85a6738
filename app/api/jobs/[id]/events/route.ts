/**
 * GET /api/jobs/{id}/events — server-sent events for the job page (session auth, viewer). Sends the run's
 * state (status, stage, percent, loss curve, steps, log tail) whenever it changes, polling the database once
 * a second, and closes after the run finishes. Works the same whichever executor runs the job, because both
 * write to job_runs.
 */
import { getDb } from "@/server/db";
import { getSessionUser } from "@/server/auth/session-user";
import { getRun, listSteps, logTail } from "@/server/jobs";
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
  if (!/^[0-9a-f-]{36}$/i.test(id)) return errorToResponse(new NotFoundError("job", id), instance);
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
        const run = await getRun(db, { runId: id });
        const [steps, log] = await Promise.all([listSteps(db, { runId: id }), logTail(db, { runId: id, limit: 100 })]);
        const payload = JSON.stringify({
          id: run.id,
          status: run.status,
          stage: run.stage,
          percent: run.percent,
          lossCurve: run.lossCurve,
          error: run.error,
          result: run.result,
          steps: steps.map((s) => ({ stepId: s.stepId, status: s.status, attempt: s.attempt })),
          log: log.map((l) => ({ id: l.id, at: l.at.toISOString(), level: l.level, message: l.message })),
        });
        if (payload !== last) {
          controller.enqueue(encoder.encode(`data: ${payload}\n\n`));
          last = payload;
        } else {
          controller.enqueue(encoder.encode(`: keep-alive\n\n`));
        }
        if (run.status === "succeeded" || run.status === "failed" || run.status === "cancelled") break;
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
