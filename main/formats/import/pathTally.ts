/**
 * Counts a kind of oddity that does not make a file invalid, and remembers where the first
 * one is, so that the user gets one warning per kind instead of one per entry.
 */
export class PathTally {
  count = 0;
  firstPath = '';
  private readonly what: string;

  /** `what` is the plural noun phrase of the warning, e.g. "segments start before 0 s". */
  constructor(what: string) {
    this.what = what;
  }

  add(path: string): void {
    if (this.count === 0) this.firstPath = path;
    this.count++;
  }

  warning(file: string): string[] {
    return this.count === 0
      ? []
      : [`${file}: ${this.count} ${this.what} (first at ${this.firstPath})`];
  }
}
