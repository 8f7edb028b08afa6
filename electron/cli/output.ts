/** Exit codes: 0 success, 2 invalid input, 1 any other failure. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_INVALID = 2;

/** A failure the CLI reports: a stable code, a human message, and the exit code it means. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
    readonly details?: unknown,
    /** The JSON answer (with the error in it) is already on stdout. */
    readonly printed = false,
  ) {
    super(message);
  }
}

/** Machine-readable output: one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Human messages go to stderr, never mixed into the JSON. */
export function say(message: string): void {
  process.stderr.write(`pishkhan: ${message}\n`);
}
