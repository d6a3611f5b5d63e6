import type { DatabaseSync } from 'node:sqlite';
import { ensureAnnotator, type Annotator } from './annotators.ts';
import { openProjectDb, type OpenOptions } from './openProject.ts';
import { saveCopy } from './saveCopy.ts';

/**
 * An open project file. The store's operations are functions over `db` in this folder
 * (videos.ts, segmentEdits.ts, runs.ts, ...); this class only owns the connection.
 */
export class Project {
  readonly file: string;
  readonly db: DatabaseSync;

  private constructor(file: string, db: DatabaseSync) {
    this.file = file;
    this.db = db;
  }

  static open(file: string, options: OpenOptions = {}): Project {
    return new Project(file, openProjectDb(file, options));
  }

  annotator(name: string): Annotator {
    return ensureAnnotator(this.db, name);
  }

  saveCopy(destination: string): void {
    saveCopy(this.db, destination);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
