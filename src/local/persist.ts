/**
 * Optional persistence: the whole state as one JSON file, rewritten after every request that
 * changed it and before that request is answered.
 *
 * The write is atomic: the new content goes to a temporary file in the same directory, is
 * flushed to disk (fsync), and is renamed over the old file; then the directory is flushed so
 * the rename itself survives a crash. A reader, or a restart after a crash, sees either the old
 * file or the new one, never a mix, and nothing the emulator has acknowledged is lost.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import type { StoreSnapshot } from "./store";

/** Reads a snapshot; `undefined` when the file does not exist. A damaged file is an error. */
export function readSnapshot(path: string): StoreSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<StoreSnapshot>;
  if (parsed.format !== 1 || !Array.isArray(parsed.secrets)) {
    throw new Error(`${path} is not a state file this emulator wrote (format 1)`);
  }
  return parsed as StoreSnapshot;
}

export function writeSnapshot(path: string, snapshot: StoreSnapshot): void {
  const directory = dirname(path);
  const temporary = join(
    directory,
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  const data = Buffer.from(`${JSON.stringify(snapshot)}\n`);
  let fd: number | undefined = openSync(temporary, "wx", 0o600);
  try {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  syncDirectory(directory);
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
