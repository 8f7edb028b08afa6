import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import log from 'electron-log/main';
import { logDirOf } from './core/diagnostics';

/**
 * The app's log files, written by electron-log in `<userData>/logs/`: `main.log`, rotated at
 * `MAX_LOG_BYTES` into `main.1.log` … `main.<KEEP_ARCHIVES>.log` (oldest dropped), so a counter
 * that runs for years keeps at most ~30 MB of logs. Save diagnostics (core/diagnostics.ts) bundles
 * them with anything personal masked.
 */
export const MAX_LOG_BYTES = 5 * 1024 * 1024;
export const KEEP_ARCHIVES = 5;

/** main.log → main.1.log → … → main.<keep>.log; the oldest is deleted. */
export function rotateLogFile(file: string, keep: number = KEEP_ARCHIVES): void {
  const archive = (index: number) => file.replace(/\.log$/, `.${index}.log`);
  rmSync(archive(keep), { force: true });
  for (let index = keep - 1; index >= 1; index--) {
    if (existsSync(archive(index))) renameSync(archive(index), archive(index + 1));
  }
  renameSync(file, archive(1));
}

export interface Logging {
  readonly logDir: string;
  readonly logFile: string;
}

/**
 * Starts file logging; call once, first thing in the main process (after `app` is importable,
 * before 'ready' is fine: `userDataDir` is `app.getPath('userData')`). Main-process `console.*`
 * (the core's loggers in the main thread write there) and uncaught errors go to the file too.
 */
export function startLogging(userDataDir: string): Logging {
  const logDir = logDirOf(userDataDir);
  const logFile = join(logDir, 'main.log');
  log.transports.file.resolvePathFn = () => logFile;
  log.transports.file.maxSize = MAX_LOG_BYTES;
  log.transports.file.archiveLogFn = (oldLogFile) => rotateLogFile(oldLogFile.path);
  log.transports.file.level = 'info';
  log.transports.console.level = 'warn';
  Object.assign(console, log.functions);
  log.errorHandler.startCatching({ showDialog: false });
  return { logDir, logFile };
}

export { log };
