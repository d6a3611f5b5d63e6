import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  classNames,
  createActivityNetLabelSet,
  createKinetics400LabelSet,
  createLabelSet,
  getActiveLabelSet,
  labelsOf,
  listLabelSets,
  setActiveLabelSet,
} from '../../../../main/project/labelSets.ts';
import { kinetics400Labels } from '../../../../main/inference/labelMap.ts';
import { Project } from '../../../../main/project/project.ts';
import { tempProject } from './projectFixture.ts';

let project: Project;
let dispose: () => void;
beforeEach(() => ({ project, dispose } = tempProject()));
afterEach(() => dispose());

/** A two-level ActivityNet-style taxonomy: root → category → two actions. */
const TAXONOMY = [
  { nodeId: 0, nodeName: 'Root', parentId: null, parentName: null },
  { nodeId: 1, nodeName: 'Sports', parentId: 0, parentName: 'Root' },
  { nodeId: 7, nodeName: 'Long jump', parentId: 1, parentName: 'Sports' },
  { nodeId: 3, nodeName: 'Triple jump', parentId: 1, parentName: 'Sports' },
];

describe('label sets', () => {
  it('creates a custom set from a list, trimmed and in order', () => {
    const id = createLabelSet(project.db, 'Kitchen', [' chopping ', 'stirring']);
    expect(classNames(project.db, id)).toEqual(['chopping', 'stirring']);
    expect(listLabelSets(project.db)).toEqual([
      { id, name: 'Kitchen', kind: 'custom', labelCount: 2 },
    ]);
  });

  it('refuses empty or repeated labels and a second set of the same name', () => {
    expect(() => createLabelSet(project.db, 'A', ['x', ' x'])).toThrow(/"x" appears twice/);
    expect(() => createLabelSet(project.db, 'A', ['x', ''])).toThrow(/label 2 is empty/);
    expect(() => createLabelSet(project.db, 'A', [])).toThrow(/has no labels/);
    createLabelSet(project.db, 'A', ['x']);
    expect(() => createLabelSet(project.db, ' A ', ['y'])).toThrow(/already exists/);
    expect(listLabelSets(project.db)).toHaveLength(1); // the refused ones left nothing
  });

  it('keeps an ActivityNet taxonomy verbatim; its classes are the leaves', () => {
    const id = createActivityNetLabelSet(project.db, 'ActivityNet v1.3', TAXONOMY);
    expect(labelsOf(project.db, id)).toEqual(
      TAXONOMY.map((n, position) => ({
        name: n.nodeName,
        position,
        nodeId: n.nodeId,
        parentNodeId: n.parentId,
        parentName: n.parentName,
      })),
    );
    expect(classNames(project.db, id)).toEqual(['Long jump', 'Triple jump']);
    expect(listLabelSets(project.db)[0]).toMatchObject({ kind: 'activitynet', labelCount: 4 });
  });

  it('loads Kinetics-400 from the models label map', () => {
    const id = createKinetics400LabelSet(project.db, kinetics400Labels());
    const names = classNames(project.db, id);
    expect(names).toHaveLength(400);
    expect(names[0]).toBe('abseiling');
    expect(listLabelSets(project.db)[0]).toMatchObject({
      name: 'Kinetics-400',
      kind: 'kinetics400',
    });
  });

  it('remembers the active set across reopening; null clears it', () => {
    expect(getActiveLabelSet(project.db)).toBeNull();
    const id = createLabelSet(project.db, 'Kitchen', ['chopping']);
    setActiveLabelSet(project.db, id);
    project.close();
    const reopened = Project.open(project.file);
    try {
      expect(getActiveLabelSet(reopened.db)).toMatchObject({ id, name: 'Kitchen' });
      expect(() => setActiveLabelSet(reopened.db, id + 1)).toThrow(/no label set/);
      setActiveLabelSet(reopened.db, null);
      expect(getActiveLabelSet(reopened.db)).toBeNull();
    } finally {
      reopened.close();
    }
  });
});
