import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  getClassMapping,
  mapLabel,
  mapSegments,
  mapVideoLabels,
  setClassMapping,
} from '../../../../main/project/classMapping.ts';
import type { Project } from '../../../../main/project/project.ts';
import { tempProject } from './projectFixture.ts';

let project: Project;
let dispose: () => void;
beforeEach(() => ({ project, dispose } = tempProject()));
afterEach(() => dispose());

describe('class mapping', () => {
  it('keeps class names for a model without mapping rows', () => {
    const map = mapLabel(project.db, 'tsn');
    expect(map('long jump')).toBe('long jump');
    expect(getClassMapping(project.db, 'tsn')).toEqual([]);
  });

  it('maps many classes to one label and drops the unmapped ones', () => {
    setClassMapping(project.db, 'tsn', [
      { modelClass: 'long jump', label: 'jumping' },
      { modelClass: 'triple jump', label: ' jumping ' },
    ]);
    setClassMapping(project.db, 'other', [{ modelClass: 'long jump', label: 'athletics' }]);
    const map = mapLabel(project.db, 'tsn');
    expect(map('long jump')).toBe('jumping');
    expect(map('triple jump')).toBe('jumping');
    expect(map('abseiling')).toBeNull();
    expect(mapLabel(project.db, 'other')('long jump')).toBe('athletics'); // per model
  });

  it('replaces a mapping whole; an empty one brings the class names back', () => {
    setClassMapping(project.db, 'tsn', [{ modelClass: 'a', label: 'x' }]);
    setClassMapping(project.db, 'tsn', [{ modelClass: 'b', label: 'y' }]);
    expect(getClassMapping(project.db, 'tsn')).toEqual([{ modelClass: 'b', label: 'y' }]);
    setClassMapping(project.db, 'tsn', []);
    expect(mapLabel(project.db, 'tsn')('a')).toBe('a');
  });

  it('refuses a class mapped twice or an empty label, changing nothing', () => {
    setClassMapping(project.db, 'tsn', [{ modelClass: 'a', label: 'x' }]);
    expect(() =>
      setClassMapping(project.db, 'tsn', [
        { modelClass: 'b', label: 'y' },
        { modelClass: 'b', label: 'z' },
      ]),
    ).toThrow(/class "b" of model "tsn" is mapped twice/);
    expect(() => setClassMapping(project.db, 'tsn', [{ modelClass: 'b', label: ' ' }])).toThrow(
      /label is empty/,
    );
    expect(getClassMapping(project.db, 'tsn')).toEqual([{ modelClass: 'a', label: 'x' }]);
  });

  it('relabels segments one by one and merges video labels by their best score', () => {
    const map = (c: string) => ({ 'long jump': 'jumping', 'triple jump': 'jumping' })[c] ?? null;
    const segments = [
      { startSec: 0, endSec: 2, label: 'long jump', score: 0.5 },
      { startSec: 1, endSec: 3, label: 'triple jump', score: 0.7 },
      { startSec: 4, endSec: 5, label: 'abseiling', score: 0.9 },
    ];
    expect(mapSegments(segments, map)).toEqual([
      { startSec: 0, endSec: 2, label: 'jumping', score: 0.5 },
      { startSec: 1, endSec: 3, label: 'jumping', score: 0.7 },
    ]);
    const labels = [
      { label: 'abseiling', score: 0.6 },
      { label: 'long jump', score: 0.2 },
      { label: 'triple jump', score: 0.3 },
    ];
    expect(mapVideoLabels(labels, map)).toEqual([{ label: 'jumping', score: 0.3 }]);
    expect(mapVideoLabels(labels, (c) => c).map((l) => l.label)).toEqual([
      'abseiling',
      'triple jump',
      'long jump',
    ]);
  });
});
