import type { DatabaseSync } from 'node:sqlite';
import type { LabelSetsView } from '../../shared/ipc/contract.ts';
import { getActiveLabelSet, listLabelSets } from '../project/labelSets.ts';

export function labelSetsView(db: DatabaseSync): LabelSetsView {
  return { sets: listLabelSets(db), activeId: getActiveLabelSet(db)?.id ?? null };
}
