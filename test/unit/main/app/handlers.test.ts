import { describe, expect, it } from 'vitest';
import { AnalysisRunner } from '../../../../main/app/analysisRunner.ts';
import { AppSession } from '../../../../main/app/appSession.ts';
import { createHandlers, registerHandlers } from '../../../../main/app/handlers.ts';
import { handlerScope } from '../../../../main/app/handlers/handlerScope.ts';
import { ForkedAnalysisHost } from '../../../../main/host/forkedHost.ts';
import { contract } from '../../../../shared/ipc/contract.ts';

// The worker process starts on the first job only; these tests never start one.
const context = () => ({
  session: new AppSession('alice'),
  analysis: new AnalysisRunner(new ForkedAnalysisHost(), { progress() {}, status() {} }),
  shell: 'web' as const,
  mediaUrlOf: (id: string) => `/media/${id}`,
  device: 'cpu' as const,
  threads: 1,
  onChanged: () => {},
});

describe('the handler modules', () => {
  it('handle every request of the contract, and nothing else', () => {
    const handlers = createHandlers(context());
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract.requests).sort());
    for (const handler of Object.values(handlers)) expect(typeof handler).toBe('function');
  });

  it('refuse a channel that two modules both handle', () => {
    const scope = handlerScope(context());
    const a = () => ({ 'labels:list': () => [] });
    const b = () => ({ 'app:info': () => ({ version: '', platform: '', shell: 'web' as const }) });
    expect(Object.keys(registerHandlers(scope, [a, b]))).toEqual(['labels:list', 'app:info']);
    expect(() => registerHandlers(scope, [a, b, a])).toThrow(
      'two handler modules handle "labels:list"',
    );
  });
});
