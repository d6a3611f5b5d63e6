import type { AnalysisHost } from '../host/analysisHost.ts';
import { loadModel, type LoadedModel } from '../inference/manifest.ts';

/** What a queue worker keeps between jobs: its analysis hosts and its loaded models. */

export interface HostPool {
  take(): AnalysisHost;
  release(host: AnalysisHost): void;
  closeAll(): Promise<void>;
}

/** Analysis hosts, one per job at once, kept between jobs. */
export function hostPool(createHost: () => AnalysisHost): HostPool {
  const idleHosts: AnalysisHost[] = [];
  const allHosts: AnalysisHost[] = [];
  return {
    take() {
      const host = idleHosts.pop() ?? createHost();
      if (!allHosts.includes(host)) allHosts.push(host);
      return host;
    },
    release: (host) => void idleHosts.push(host),
    async closeAll() {
      await Promise.all(allHosts.map((h) => h.close()));
    },
  };
}

/** Each model loads once per worker; one that failed to load is tried again by the next job. */
export function modelCache(): (ref: string) => Promise<LoadedModel> {
  const models = new Map<string, Promise<LoadedModel>>();
  return (ref) => {
    let m = models.get(ref);
    if (!m) {
      m = loadModel(ref);
      m.catch(() => models.delete(ref)); // a model fixed later loads then
      models.set(ref, m);
    }
    return m;
  };
}
