/**
 * Optional persistence: the whole state as one JSON file, rewritten after every request that
 * changed it and before that request is answered.
 *
 * The write is atomic: the new content goes to a temporary file in the same directory, is
 * flushed to disk (fsync), and is renamed over the old file; then the directory is flushed so
 * the rename itself survives a crash. A reader, or a restart after a crash, sees either the old
 * file or the new one, never a mix, and nothing the emulator has acknowledged is lost.
 *
 * At start, {@link openStateFile} checks the path before the first request can depend on it,
 * and removes the temporary files a writer killed mid-write left behind. Its errors name the
 * file and what is wrong with it, never what it holds: the file holds secret values.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { snapshotShapeProblem } from "./snapshot-shape";
import type { StoreSnapshot } from "./store";

/** A state file that passed {@link openStateFile}'s checks. */
export interface StateFile {
  /** The absolute path, so a later change of working directory cannot move it. */
  path: string;
  /** What the file holds; `undefined` when there is no file yet. */
  snapshot: StoreSnapshot | undefined;
}

/**
 * Prepares `path` to hold the state: its directory must exist and take new files, and the file,
 * if present, must be a state file this emulator wrote. Removes the temporary files a killed
 * writer left next to it.
 */
export function openStateFile(path: string): StateFile {
  if (path === "") throw new Error("the state file path is empty");
  const file = resolve(path);
  const directory = dirname(file);
  const refuse = (reason: string, cause?: unknown) =>
    new Error(`cannot keep state in ${file}: ${reason}`, withCause(cause));
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch (error) {
    throw refuse(missingDirectory(directory, errorCode(error)), error);
  }
  if (!isDirectory) throw refuse(`${directory} is not a directory`);
  try {
    removeAbandonedTemporaryFiles(file);
  } catch (error) {
    throw refuse(`cannot clean up the directory ${directory} (${errorCode(error)})`, error);
  }
  try {
    const probe = createTemporaryFile(file);
    closeSync(probe.fd);
    rmSync(probe.path);
  } catch (error) {
    throw refuse(`cannot create files in ${directory} (${errorCode(error)})`, error);
  }
  return { path: file, snapshot: readSnapshot(file) };
}

function missingDirectory(directory: string, code: string): string {
  if (code === "ENOENT") return `the directory ${directory} does not exist`;
  if (code === "ENOTDIR") return `the directory ${directory} does not exist (part of it is a file)`;
  return `cannot open the directory ${directory} (${code})`;
}

function readSnapshot(file: string): StoreSnapshot | undefined {
  const notOurs = (reason: string) =>
    new Error(`${file} is not a state file this emulator wrote: ${reason}`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT") return undefined;
    if (code === "EISDIR") throw notOurs("it is a directory");
    throw new Error(`cannot read the state file ${file} (${code})`, withCause(error));
  }
  if (text.trim() === "") throw notOurs("it is empty");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text it stopped at, so neither it nor the error is kept.
    throw notOurs("it is not valid JSON");
  }
  const problem = snapshotShapeProblem(parsed);
  if (problem !== undefined) throw notOurs(problem);
  return parsed as StoreSnapshot;
}

export function writeSnapshot(path: string, snapshot: StoreSnapshot): void {
  const data = Buffer.from(`${JSON.stringify(snapshot)}\n`);
  const temporary = createTemporaryFile(path);
  let fd: number | undefined = temporary.fd;
  try {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary.path, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary.path, { force: true });
    throw error;
  }
  syncDirectory(dirname(path));
}

/**
 * Temporary files are `.<state file name>.<pid>.<12 hex digits>.tmp`, next to the state file:
 * the name says which state file and which process each belongs to.
 */
const TEMPORARY_SUFFIX = /^(\d+)\.[0-9a-f]{12}\.tmp$/;

/** Creates (and leaves open) a new temporary file for `path`, readable by the owner only. */
function createTemporaryFile(path: string): { path: string; fd: number } {
  const name = `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const temporary = join(dirname(path), name);
  const fd = openSync(temporary, "wx", 0o600);
  return { path: temporary, fd };
}

/**
 * Removes the temporary files of `path` whose writer is gone: a process killed between creating
 * one and renaming it. A file whose process still runs may be a write in progress (another
 * emulator on the same file) and is left alone; this process writes synchronously, so none of
 * its own is in progress now.
 */
function removeAbandonedTemporaryFiles(path: string): void {
  const prefix = `.${basename(path)}.`;
  const directory = dirname(path);
  for (const name of readdirSync(directory)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(TEMPORARY_SUFFIX.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || (pid !== process.pid && isRunning(pid))) continue;
    rmSync(join(directory, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  if (pid <= 0) return true; // not a process id (0 and below name groups): leave the file be
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return errorCode(error) !== "ESRCH";
  }
}

/** The system error code (`ENOENT`, `EACCES`, ...) of a failed file operation. */
function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : "unknown error";
}

function withCause(cause: unknown): ErrorOptions | undefined {
  return cause === undefined ? undefined : { cause };
}

function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, "r");
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or flush a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
