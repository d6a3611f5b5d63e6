import os from 'node:os';
import { ActionlineError } from '../base/errors.ts';
import { listAnnotators, type Annotator } from '../project/annotators.ts';
import { coOccurringClasses } from '../project/projectSettings.ts';
import { Project } from '../project/project.ts';
import type { ProjectInfo } from '../../shared/project/views.ts';

/**
 * The app's state in the main process: the open project and the current annotator. One per
 * window (Electron) or per server (web shell). Every request handler goes through it.
 */
export class AppSession {
  #project: Project | null = null;
  #annotatorName: string;
  /** The annotator's row in the open project, looked up once per project or name. */
  #annotator: Annotator | null = null;

  constructor(annotatorName = defaultAnnotatorName()) {
    this.#annotatorName = annotatorName;
  }

  get project(): Project {
    if (!this.#project) throw new ActionlineError('BAD_ARGUMENT', 'no project is open');
    return this.#project;
  }

  get hasProject(): boolean {
    return this.#project !== null;
  }

  /** The current annotator (created in the project on first use). */
  get annotator(): Annotator {
    this.#annotator ??= this.project.annotator(this.#annotatorName);
    return this.#annotator;
  }

  get annotatorId(): number {
    return this.annotator.id;
  }

  open(file: string, create: boolean): ProjectInfo {
    const next = Project.open(file, { create });
    this.#project?.close();
    this.#project = next;
    this.#annotator = null;
    return this.info();
  }

  setAnnotator(name: string): ProjectInfo {
    this.#annotator = this.project.annotator(name);
    this.#annotatorName = this.#annotator.name;
    return this.info();
  }

  info(): ProjectInfo {
    const db = this.project.db;
    const { n } = db.prepare('SELECT count(*) AS n FROM videos').get() as { n: number };
    return {
      file: this.project.file,
      annotator: this.annotator,
      annotators: listAnnotators(db),
      videoCount: n,
      coOccurringClasses: coOccurringClasses(db),
    };
  }

  close(): void {
    this.#project?.close();
    this.#project = null;
    this.#annotator = null;
  }
}

/** The login name, so a newcomer's edits carry a real name until they choose another. */
function defaultAnnotatorName(): string {
  try {
    return os.userInfo().username || 'annotator';
  } catch {
    return 'annotator';
  }
}
