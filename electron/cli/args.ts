import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT_INVALID } from './output';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse(argv: readonly string[], options: Options, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: positionals > 0 });
  } catch (error) {
    throw new CliError(
      'invalid_arguments',
      error instanceof Error ? error.message : String(error),
      EXIT_INVALID,
    );
  }
  if (parsed.positionals.length > positionals)
    throw new CliError(
      'invalid_arguments',
      `unexpected argument: ${parsed.positionals[positionals]}`,
      EXIT_INVALID,
    );
  return parsed;
}

export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new CliError('invalid_arguments', `--${name} is required`, EXIT_INVALID);
  return value;
}

export function integer(values: Record<string, unknown>, name: string, fallback: number): number {
  const value = values[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value))
    throw new CliError('invalid_arguments', `--${name}: not a whole number`, EXIT_INVALID);
  return Number(value);
}
