/** Structured log sink. The default writes one JSON object per line to stderr. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function line(level: string, component: string, msg: string, fields?: Record<string, unknown>) {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, component, msg, ...fields })}\n`);
}

export function jsonLogger(component: string): Logger {
  return {
    info: (msg, fields) => line("info", component, msg, fields),
    warn: (msg, fields) => line("warn", component, msg, fields),
    error: (msg, fields) => line("error", component, msg, fields),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
