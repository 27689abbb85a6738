import { AppError } from "@/server/http/errors";

/**
 * Errors retrying cannot fix: the server's typed client errors (validation, not found, conflict… status
 * < 500). Both executors fail such a step at once instead of spending the job's retries on it.
 */
export function isPermanentError(err: unknown): err is AppError {
  return err instanceof AppError && err.status < 500;
}
