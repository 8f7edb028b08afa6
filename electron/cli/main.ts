import { AppError } from '../../shared/result';
import { backup, doctor, restore } from './backup-commands';
import { catalog, enroll, setup, status, sync, txCreate, txShow } from './commands';
import { CliError, EXIT_INVALID, EXIT_OK, printJson, say } from './output';

declare const PISHKHAN_VERSION: string | undefined;
const VERSION = typeof PISHKHAN_VERSION === 'string' ? PISHKHAN_VERSION : '0.0.0-dev';

export const USAGE = `usage: pishkhan COMMAND [options]
  setup   --data-dir D --office-name N --manager U --password P [--office-code C --district N --terminal N --full-name F]
  enroll  --data-dir D --server URL --code CODE [--label L]
  catalog --data-dir D
  tx create --data-dir D --user U --password P   < transaction.json
  tx show   --data-dir D TRACKING-CODE
  sync    --data-dir D
  status  --data-dir D
  backup  --data-dir D [--to DIR]
  restore --data-dir D --from FILE [--force]
  doctor  --data-dir D
  --version
JSON on stdout, messages on stderr; exit 0 ok, 2 invalid input, 1 other failures.`;

type Command = (argv: readonly string[], version: string) => Promise<void>;

function pick(argv: readonly string[]): { command: Command; rest: readonly string[] } | null {
  const [first, second, ...rest] = argv;
  const simple: Record<string, Command> = { setup, enroll, catalog, sync, status, backup, restore, doctor };
  if (first && Object.prototype.hasOwnProperty.call(simple, first))
    return { command: simple[first] as Command, rest: argv.slice(1) };
  if (first === 'tx' && second === 'create') return { command: txCreate, rest };
  if (first === 'tx' && second === 'show') return { command: txShow, rest };
  return null;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    printJson({ version: VERSION });
    return EXIT_OK;
  }
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    say(USAGE);
    return argv.length === 0 ? EXIT_INVALID : EXIT_OK;
  }
  const picked = pick(argv);
  if (!picked) {
    printJson({ ok: false, error: { code: 'unknown_command', message: argv.join(' ').slice(0, 100) } });
    say(`unknown command\n${USAGE}`);
    return EXIT_INVALID;
  }
  try {
    await picked.command(picked.rest, VERSION);
    return EXIT_OK;
  } catch (error) {
    let failure: CliError;
    if (error instanceof CliError) failure = error;
    else if (error instanceof AppError) failure = new CliError(error.code, error.message || error.code);
    else failure = new CliError('internal', error instanceof Error ? error.message : String(error));
    if (!failure.printed)
      printJson({
        ok: false,
        error: {
          code: failure.code,
          message: failure.message,
          ...(failure.details ? { details: failure.details } : {}),
        },
      });
    say(failure.message);
    return failure.exitCode;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
