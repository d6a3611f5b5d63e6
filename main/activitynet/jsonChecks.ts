import { ActionlineError } from '../base/errors.ts';
import { NON_FINITE_MARKER } from './readJsonFile.ts';
import type { SegmentSec } from './types.ts';

/**
 * Typed checks for parsed JSON. Each failure is one BAD_FORMAT line that names the file and
 * the JSON path of the value, e.g. `results.abc[3].segment: expected [start, end] numbers`.
 */

/** `parent.key` for plain keys (video ids have letters, digits, - and _), `parent["a b"]` otherwise. */
export function keyPath(parent: string, key: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

export function formatError(file: string, path: string, message: string): ActionlineError {
  return new ActionlineError(
    'BAD_FORMAT',
    `${file}: ${path === '' ? '' : `${path}: `}${message}`,
    file,
  );
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') {
    if (value.startsWith(NON_FINITE_MARKER)) return value.slice(NON_FINITE_MARKER.length);
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function expectObject(value: unknown, path: string, file: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw formatError(file, path, `expected an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function expectArray(value: unknown, path: string, file: string): unknown[] {
  if (!Array.isArray(value))
    throw formatError(file, path, `expected an array, got ${describe(value)}`);
  return value;
}

export function expectString(value: unknown, path: string, file: string): string {
  if (typeof value !== 'string' || value.startsWith(NON_FINITE_MARKER)) {
    throw formatError(file, path, `expected a string, got ${describe(value)}`);
  }
  return value;
}

export function expectFiniteNumber(value: unknown, path: string, file: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw formatError(file, path, `expected a finite number, got ${describe(value)}`);
  }
  return value;
}

export function expectNumberOrNull(value: unknown, path: string, file: string): number | null {
  return value === null ? null : expectFiniteNumber(value, path, file);
}

export function expectStringOrNull(value: unknown, path: string, file: string): string | null {
  return value === null ? null : expectString(value, path, file);
}

export function optionalString(value: unknown, path: string, file: string): string | undefined {
  return value === undefined ? undefined : expectString(value, path, file);
}

/** `[start, end]` in seconds: two finite numbers with end ≥ start (end = start is allowed). */
export function expectSegment(value: unknown, path: string, file: string): SegmentSec {
  if (!Array.isArray(value) || value.length !== 2) {
    throw formatError(file, path, `expected [start, end] numbers, got ${describe(value)}`);
  }
  const [start, end] = value as unknown[];
  if (
    typeof start !== 'number' ||
    typeof end !== 'number' ||
    !Number.isFinite(start) ||
    !Number.isFinite(end)
  ) {
    throw formatError(
      file,
      path,
      `expected [start, end] numbers, got [${describe(start)}, ${describe(end)}]`,
    );
  }
  if (end < start) throw formatError(file, path, `end ${end} is before start ${start}`);
  return { startSec: start, endSec: end };
}

/** Counts zero-length segments and remembers where the first one is, for one warning per file. */
export class ZeroLengthTally {
  count = 0;
  firstPath = '';

  add(segment: SegmentSec, path: string): void {
    if (segment.endSec !== segment.startSec) return;
    if (this.count === 0) this.firstPath = path;
    this.count++;
  }

  warning(file: string): string[] {
    if (this.count === 0) return [];
    const which = this.count === 1 ? 'segment' : 'segments';
    return [
      `${file}: ${this.count} zero-length ${which} (start = end; first at ${this.firstPath})`,
    ];
  }
}
