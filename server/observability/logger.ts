/**
 * The app's structured logger: pino, JSON lines on stdout, with the current request id on every line
 * logged inside a request (request-context.ts).
 */
import pino, { type Logger } from "pino";
import { currentRequestId } from "./request-context";

const holder = globalThis as typeof globalThis & { almanacLogger?: Logger };

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "almanac" },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    options.destination,
  );
}

export function logger(): Logger {
  holder.almanacLogger ??= createLogger();
  return holder.almanacLogger;
}
