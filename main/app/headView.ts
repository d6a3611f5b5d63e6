import type { HeadView } from '../../shared/heads/headView.ts';
import type { HeadRecord } from '../project/heads.ts';

/** A stored head as the app shows it. */
export function headView(head: HeadRecord): HeadView {
  const { metrics, training } = head;
  return {
    name: head.name,
    createdAt: head.createdAt,
    backbone: { modelId: head.backbone.modelId, runId: head.backbone.runId },
    labels: [...head.manifest.labels],
    annotator: training.annotator,
    videoCount: training.videos.length,
    heldOutVideoIds: [...metrics.heldOutVideoIds],
    perClass: metrics.perClass.map(({ label, precision, recall, count }) => ({
      label,
      precision,
      recall,
      count,
    })),
    accuracy: metrics.accuracy,
    heldOutMap: metrics.heldOutMap ?? null,
    trainSnippets: metrics.trainSnippets,
    heldOutSnippets: metrics.heldOutSnippets,
    epochs: metrics.epochs,
    notes: [...training.notes],
  };
}
