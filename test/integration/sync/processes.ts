import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';

export const REPO = resolve('.');

/** Bundles a test-only entry point (plain Node, better-sqlite3 outside) next to the builds. */
export async function bundleForNode(entry: string, name: string): Promise<string> {
  const outfile = resolve(REPO, 'dist/test', `${name}.cjs`);
  await build({
    absWorkingDir: REPO,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    external: ['better-sqlite3'],
  });
  return outfile;
}

export function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

export interface Child {
  readonly process: ChildProcess;
  /** Complete stdout lines so far. */
  readonly lines: string[];
  firstLine(): Promise<string>;
  exited: Promise<number | null>;
  kill(): Promise<void>;
}

export function startChild(file: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [file, ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let first: ((line: string) => void) | null = null;
  const firstLine = new Promise<string>((done) => (first = done));
  // readline hands over only complete lines: a line cut by the kill is not counted.
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    first?.(line);
    first = null;
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    process: child,
    lines,
    firstLine: () =>
      Promise.race([
        firstLine,
        exited.then((code) => {
          throw new Error(`child exited (${code}) before a line: ${stderr}`);
        }),
      ]),
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
      // Let readline deliver what was complete before the kill.
      await new Promise((r) => setImmediate(r));
    },
  };
}
