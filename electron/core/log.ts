/** One logger per module, named. Writes to stderr; the Electron app routes it to its log file. */
export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export function createLogger(name: string): Logger {
  const write =
    (level: string) =>
    (message: string, ...details: unknown[]) => {
      console.error(`[${new Date().toISOString()}] ${level} ${name}: ${message}`, ...details);
    };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
