// One line per request (method, path, project, status, ms) and the causes of
// anything that went wrong, on stderr; --log-level filters.

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  level: LogLevel;
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export function createLogger(
  level: LogLevel,
  out: { write(text: string): unknown } = process.stderr,
): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const at = (l: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(l) <= rank) {
      out.write(`${new Date().toISOString()} ${l.toUpperCase()} ${message}\n`);
    }
  };
  return { level, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

export function requestLine(
  method: string,
  path: string,
  project: string | undefined,
  status: number,
  ms: number,
): string {
  return `${method} ${path} project=${project ?? '-'} ${status} ${ms.toFixed(0)}ms`;
}
