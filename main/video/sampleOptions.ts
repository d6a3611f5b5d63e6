import type { SamplingStrategy } from './chunkPlan.ts';

export interface SampleOptions {
  widthPx: number;
  heightPx: number;
  signal?: AbortSignal;
  strategy?: SamplingStrategy;
  /** ffmpeg decoder threads (-threads); ffmpeg's default uses every core. */
  threads?: number;
  /** Override the measured crossover gap of 'auto' (seconds). */
  crossoverGapSec?: number;
  /**
   * Skip the decoder's deblocking filter (-skip_loop_filter all): 6–20% less decode CPU on
   * 720p H.264 (noisy, 3 bench runs), the same frames, slightly different pixels (mean 0.7,
   * max 26 of 255 at 224×224). Default: on when the output has at most a quarter of the
   * source's pixels, where the downscale averages the difference away.
   */
  skipLoopFilter?: boolean;
  /**
   * The consumer is done with a run's frames once it asks for the next run, so their memory
   * may be refilled with later frames (the consumer must copy what it keeps). Off by
   * default: every frame is then a fresh array the consumer owns. On, a long video decodes
   * into a handful of arrays instead of one per frame left to the garbage collector.
   */
  reuseFrames?: boolean;
  /**
   * One-frame runs may use the nearest frame within ±maxShiftFrames that the decoder decodes
   * anyway, so the others are never decoded (referenceFrames.ts); each such run then says
   * which frame it used (SampledRun.usedFrames). Off by default: exactly the runs' frames.
   */
  referenceFrames?: { maxShiftFrames: number };
}
