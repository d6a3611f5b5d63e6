import { addVideos } from '../../../main/app/addVideos.ts';
import { analyzeVideos } from '../../../main/app/analyzeVideos.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import { createLabelSet, setActiveLabelSet } from '../../../main/project/labelSets.ts';
import { Project } from '../../../main/project/project.ts';

/**
 * A project holding one video pre-labelled by the built-in colour-motion model (one snippet a
 * second, one inference thread), with the colours as its active label set: what the reviewing
 * specs open in the browser.
 */
export async function prelabelledProject(
  projectFile: string,
  videoFile: string,
  videoId: string,
  labels: string[],
): Promise<void> {
  const project = Project.open(projectFile, { create: true });
  const host = new ForkedAnalysisHost();
  try {
    await addVideos(project.db, [videoFile]);
    setActiveLabelSet(project.db, createLabelSet(project.db, 'colours', labels));
    const outcome = await analyzeVideos(project.db, host, {
      videoIds: [videoId],
      model: 'colour-motion',
      intervalSec: 1,
      device: 'cpu',
      threads: 1,
    });
    if (outcome.failures.length > 0) {
      throw new Error(`pre-labelling failed: ${JSON.stringify(outcome.failures)}`);
    }
  } finally {
    await host.close();
    project.close();
  }
}
