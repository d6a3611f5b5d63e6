import type { Handlers } from '../../../shared/ipc/contract.ts';
import { kinetics400Labels } from '../../inference/labelMap.ts';
import { getClassMapping, setClassMapping } from '../../project/classMapping.ts';
import {
  createKinetics400LabelSet,
  createLabelSet,
  getActiveLabelSet,
  setActiveLabelSet,
} from '../../project/labelSets.ts';
import { labelChoices } from '../labelChoices.ts';
import { labelSetsView } from '../labelSetsView.ts';
import type { HandlerScope } from './handlerScope.ts';

/** labels:* and mapping:*: the vocabularies annotators label with, and model classes → labels. */
export const labelHandlers = (s: HandlerScope) =>
  ({
    'labels:list': () => labelChoices(s.db()),
    'labels:listSets': () => labelSetsView(s.db()),
    'labels:createSet': ({ kind, name, labels }) => {
      const db = s.db();
      const id =
        kind === 'kinetics400'
          ? createKinetics400LabelSet(db, kinetics400Labels(), name ?? 'Kinetics-400')
          : createLabelSet(db, name ?? 'Custom labels', labels ?? []);
      if (getActiveLabelSet(db) === null) setActiveLabelSet(db, id);
      s.ctx.onChanged(null);
      return labelSetsView(db);
    },
    'labels:activateSet': ({ id }) => {
      setActiveLabelSet(s.db(), id);
      s.ctx.onChanged(null);
      return labelSetsView(s.db());
    },
    'mapping:get': ({ modelId }) => getClassMapping(s.db(), modelId),
    'mapping:set': ({ modelId, rows }) => {
      setClassMapping(s.db(), modelId, rows);
      return getClassMapping(s.db(), modelId);
    },
  }) satisfies Partial<Handlers>;
