import type { AddVideosResult, AnalysisStatus, ModelInfo } from '../../../shared/ipc/contract.ts';
import type { ProjectInfo, VideoSummary } from '../../../shared/project/views.ts';
import { api, call } from './api.ts';

/** The open project as the project view shows it; refreshed whenever main says it changed. */
export class ProjectState {
  info = $state<ProjectInfo | null>(null);
  videos = $state.raw<VideoSummary[]>([]);
  models = $state.raw<ModelInfo[]>([]);
  labels = $state.raw<string[]>([]);
  analysis = $state<AnalysisStatus | null>(null);
  /** Per video, the fraction of snippets done in the current run. */
  progress = $state.raw<Record<string, number>>({});

  constructor() {
    // An edit inside one video can bring a new label; the list of videos is re-read when
    // the project view shows again (App's back()), not after every edit in the editor.
    api.on(
      'project:changed',
      ({ videoId }) => void (videoId === null ? this.refresh() : this.refreshLabels()),
    );
    api.on('analysis:status', (s) => (this.analysis = s));
    api.on('analysis:progress', (p) => {
      this.progress = {
        ...this.progress,
        [p.videoId]: p.doneSnippets / Math.max(1, p.totalSnippets),
      };
    });
  }

  async load(): Promise<void> {
    const models = await call('models:list', {});
    if (models) this.models = models;
    await this.refresh();
  }

  async refreshLabels(): Promise<void> {
    const labels = await call('labels:list', {});
    if (labels) this.labels = labels;
  }

  /** Re-reads the project; it may have been opened from outside the page (a native menu). */
  async refresh(): Promise<void> {
    this.info = await call('project:info', {});
    if (!this.info) return;
    const [videos, labels] = await Promise.all([call('videos:list', {}), call('labels:list', {})]);
    if (videos) this.videos = videos;
    if (labels) this.labels = labels;
  }

  async open(file: string, create: boolean): Promise<boolean> {
    const info = await call('project:open', { file, create });
    if (!info) return false;
    this.info = info;
    await this.refresh();
    return true;
  }

  async setCoOccurring(on: boolean): Promise<void> {
    const info = await call('project:setCoOccurring', { on });
    if (info) this.info = info;
  }

  async setAnnotator(name: string): Promise<void> {
    const info = await call('project:setAnnotator', { name });
    if (info) this.info = info;
    await this.refresh();
  }

  async addVideos(
    paths: string[],
  ): Promise<{ added: number; failures: string[]; notes: AddVideosResult['notes'] }> {
    const result = await call('videos:add', { paths });
    await this.refresh();
    if (!result) return { added: 0, failures: [], notes: [] };
    return {
      added: result.added.length,
      failures: result.failures.map((f) => f.message),
      notes: result.notes,
    };
  }

  async analyze(
    videoIds: string[],
    model: string,
    intervalSec: number,
    twoStream: { flowModel: string; flowWeight: number } | null = null,
  ): Promise<void> {
    this.progress = {};
    const status = await call('analysis:start', {
      videoIds,
      model,
      intervalSec,
      ...(twoStream && {
        flowModel: twoStream.flowModel,
        fusion: { rgb: 1, flow: twoStream.flowWeight },
      }),
    });
    if (status) this.analysis = status;
  }

  async cancelAnalysis(): Promise<void> {
    await call('analysis:cancel', {});
  }
}
