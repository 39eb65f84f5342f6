import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const LOCK_FILE = ".lock";

/** Lock files this process holds, by absolute path: a second open in the same process is refused too. */
const held = new Set<string>();

/** The data folder is open in another process (or already in this one): PGlite is single-process. */
export class DataDirInUseError extends Error {
  readonly code = "data_dir_in_use";

  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`DATA_DIR ${dataDir} is in use by process ${pid} (another make run?); stop it first`);
    this.name = "DataDirInUseError";
  }
}

export interface DataDirLock {
  /** Deletes the lock file if it is still this lock's; safe to call twice. */
  release(): void;
}

const errorCode = (error: unknown): unknown => (error as NodeJS.ErrnoException | undefined)?.code;

/** The pid written in the lock file and the file's inode, or null when there is no lock file. */
function readOwner(path: string): { pid: number; ino: number } | null {
  try {
    const ino = statSync(path).ino;
    const pid = Number(readFileSync(path, "utf8").trim());
    return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : 0, ino };
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errorCode(error) !== "ESRCH";
  }
}

/**
 * Moves a stale lock file out of the way, but only the one that was judged stale (same inode): when
 * two processes take over at once, the second finds the first's fresh lock and puts it back.
 */
function removeStale(path: string, staleIno: number): void {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  if (statSync(aside).ino !== staleIno) {
    try {
      linkSync(aside, path);
    } catch (error) {
      if (errorCode(error) !== "EEXIST") throw error;
    }
  }
  unlinkSync(aside);
}

/**
 * Takes `dataDir/.lock` for this process's life, or throws DataDirInUseError naming the holder.
 *
 * The file holds the holder's pid. It is created complete and atomically (written under a name of
 * its own, then hard-linked to `.lock`, which fails if `.lock` exists), so a reader never sees a
 * half-written one. A lock whose process is gone (kill -9, crash) is stale and taken over at once:
 * no timeout, no heartbeat. A lock carrying this process's own pid that this process does not
 * hold is stale too (a container restarts its entry as the same pid).
 *
 * Limits: liveness is `kill(pid, 0)` on this machine, so a data folder shared between hosts (NFS)
 * is not protected; and if the dead holder's pid has been reused by an unrelated live process, the
 * lock is refused until that process ends or `.lock` is deleted by hand.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = resolve(dataDir, LOCK_FILE);
  const mine = `${path}.${process.pid}`;
  writeFileSync(mine, `${process.pid}\n`);
  try {
    for (;;) {
      try {
        linkSync(mine, path);
        break;
      } catch (error) {
        if (errorCode(error) !== "EEXIST") throw error;
      }
      const owner = readOwner(path);
      if (owner === null) continue;
      if (held.has(path) || (owner.pid !== process.pid && owner.pid !== 0 && isAlive(owner.pid))) {
        throw new DataDirInUseError(dataDir, owner.pid);
      }
      removeStale(path, owner.ino);
    }
  } finally {
    unlinkSync(mine);
  }

  const ino = statSync(path).ino;
  held.add(path);
  const release = (): void => {
    if (!held.delete(path)) return;
    process.off("exit", release);
    try {
      if (statSync(path).ino === ino) unlinkSync(path);
    } catch (error) {
      if (errorCode(error) !== "ENOENT") throw error;
    }
  };
  // A process that exits without closing the database (an uncaught error) leaves no lock behind.
  process.on("exit", release);
  return { release };
}
