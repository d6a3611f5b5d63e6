import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from './errors.ts';

/**
 * Writes `text` so that `filePath` is either the old file or the whole new one, never a
 * half-written one: the text goes to a temporary file in the same folder (a rename is atomic
 * only within one file system), is flushed to disk (fsync), and is renamed over the target.
 * The folder is fsynced too where the platform allows, so the rename survives a power cut.
 * On failure the temporary file is removed and the target is left as it was.
 */
export async function writeTextAtomic(filePath: string, text: string): Promise<void> {
  const folder = path.dirname(filePath);
  const tempPath = path.join(
    folder,
    `.${path.basename(filePath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(tempPath, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, filePath);
  } catch (err) {
    await unlink(tempPath).catch(() => {});
    throw writeError(filePath, err);
  }
  await syncFolder(folder);
}

/**
 * JSON.stringify(value, null, 2) plus a final newline, written atomically. NaN and ±Infinity
 * are refused (JSON.stringify would silently write null), naming the key that holds them.
 */
export async function writeJsonAtomic(filePath: string, value: unknown): Promise<void> {
  const text = JSON.stringify(
    value,
    (key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new ActionlineError(
          'BAD_ARGUMENT',
          `${filePath}: cannot write ${v}${key === '' ? '' : ` (key "${key}")`}: JSON has no such number`,
          filePath,
        );
      }
      return v;
    },
    2,
  );
  await writeTextAtomic(filePath, `${text}\n`);
}

async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open or fsync a folder; the rename itself is already done.
  }
}

function writeError(filePath: string, err: unknown): ActionlineError {
  if (err instanceof ActionlineError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new ActionlineError('FILE_NOT_FOUND', `${filePath}: folder does not exist`, filePath);
  }
  return new ActionlineError(
    'BAD_ARGUMENT',
    `${filePath}: cannot be written (${code ?? String(err)})`,
    filePath,
  );
}
