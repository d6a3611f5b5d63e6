import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabelSetsView } from '../../../shared/ipc/contract.ts';
import type { Result } from '../../../shared/result.ts';
import { appRouter } from './appRouter.ts';

/** Label sets and class mapping as the app's Settings view uses them, on a real project. */
const { router, session, close } = appRouter();

async function value<T>(channel: string, request: unknown): Promise<T> {
  const result = (await router.handle(channel, request)) as Result<T>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionline-labelsets-'));
  session.open(path.join(dir, 'p.actionline'), true);
});
afterAll(() => close());

describe('label sets and class mapping', () => {
  it('adds Kinetics-400 (active when it is the first) and a custom set, and switches', async () => {
    const kinetics = await value<LabelSetsView>('labels:createSet', { kind: 'kinetics400' });
    expect(kinetics.sets).toMatchObject([{ name: 'Kinetics-400', labelCount: 400 }]);
    expect(kinetics.activeId).toBe(kinetics.sets[0]!.id);
    expect((await value<string[]>('labels:list', {})).slice(0, 2)).toEqual([
      'abseiling',
      'air drumming',
    ]);
    const custom = await value<LabelSetsView>('labels:createSet', {
      kind: 'custom',
      name: 'Kitchen',
      labels: ['chopping', 'stirring'],
    });
    const kitchen = custom.sets.find((s) => s.name === 'Kitchen')!;
    await value('labels:activateSet', { id: kitchen.id });
    expect(await value<string[]>('labels:list', {})).toEqual(['chopping', 'stirring']);
    const repeated = await router.handle('labels:createSet', {
      kind: 'custom',
      labels: ['a', 'a'],
    });
    expect(repeated.ok).toBe(false);
  });

  it('stores a many-to-one class mapping and clears it', async () => {
    const rows = [
      { modelClass: 'motion', label: 'activity' },
      { modelClass: 'background', label: 'activity' },
    ];
    expect(await value('mapping:set', { modelId: 'motion', rows })).toHaveLength(2);
    expect(await value('mapping:get', { modelId: 'motion' })).toEqual(expect.arrayContaining(rows));
    expect(await value('mapping:set', { modelId: 'motion', rows: [] })).toEqual([]);
  });
});
