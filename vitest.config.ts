import { defineConfig } from 'vitest/config';

// Two projects: unit tests are pure and run in parallel (on threads); integration tests start ffmpeg
// and onnxruntime, which each take every core, so they run one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Threads start faster than forked processes: 57 s against 75 s for the unit suite.
          pool: 'threads',
          // Files share a thread's module cache instead of importing everything again: 29 s
          // against 53 s on 2 cores, most of it was import time. Unit tests keep no module
          // state between files (checked with files shuffled, --sequence.shuffle.files).
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
