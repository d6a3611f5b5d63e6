import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  contract,
  type Api,
  type Channel,
  type EventName,
  type EventPayload,
  type RequestOf,
  type ResponseFor,
} from '../../../../shared/ipc/contract.ts';
import {
  defineContract,
  event,
  request,
  type ApiOf,
  type HandlersOf,
} from '../../../../shared/ipc/defineContract.ts';
import type { Result } from '../../../../shared/result.ts';

describe('contract', () => {
  it('names requests domain:verb and events domain:noun', () => {
    for (const name of [...Object.keys(contract.requests), ...Object.keys(contract.events)]) {
      expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
    }
  });

  it('derives request, response and event types from the one table', () => {
    expectTypeOf<'app:info' | 'scores:get' | 'segment:add'>().toExtend<Channel>();
    expectTypeOf<'analysis:progress'>().toExtend<EventName>();
    expectTypeOf<RequestOf<'scores:get'>>().toEqualTypeOf<{
      videoId: string;
      runId: number;
      stream?: string | undefined;
    }>();
    expectTypeOf<ResponseFor<'scores:get'>['scores']>().toEqualTypeOf<Float32Array>();
    expectTypeOf<ResponseFor<'scores:get'>['snippetCenterSec']>().toEqualTypeOf<Float64Array>();
    expectTypeOf<EventPayload<'analysis:progress'>['doneSnippets']>().toEqualTypeOf<number>();
    expectTypeOf<ReturnType<Api['invoke']>>().toExtend<Promise<Result<unknown>>>();
  });

  it('validates scores:get requests strictly', () => {
    const schema = contract.requests['scores:get'].schema;
    expect(schema.safeParse({ videoId: 'v', runId: 0 }).success).toBe(true);
    expect(schema.safeParse({ videoId: 'v', runId: 1.5 }).success).toBe(false);
    expect(schema.safeParse({ videoId: '', runId: 1 }).success).toBe(false);
    expect(schema.safeParse({ videoId: 'v', runId: 1, more: true }).success).toBe(false);
  });
});

describe('defineContract', () => {
  // A second, made-up contract: adding a channel is one entry, and every derived type follows.
  const demo = defineContract({
    requests: {
      'video:probe': request(
        z.object({ file: z.string(), fast: z.boolean().default(false) }),
      ).returns<{ durationSec: number }>(),
    },
    events: { 'video:change': event<{ videoId: string }>() },
  });

  it('keeps the schema as a value and the response as a type', () => {
    expect(demo.requests['video:probe'].schema.parse({ file: 'a.mp4' })).toEqual({
      file: 'a.mp4',
      fast: false,
    });
    expect(demo.events['video:change']).toEqual({});
  });

  it('lets callers omit defaults while handlers receive them filled in', () => {
    type DemoApi = ApiOf<typeof demo>;
    type DemoHandlers = HandlersOf<typeof demo>;
    expectTypeOf<Parameters<DemoApi['invoke']>[0]>().toEqualTypeOf<'video:probe'>();
    expectTypeOf<Parameters<DemoHandlers['video:probe']>[0]>().toEqualTypeOf<{
      file: string;
      fast: boolean;
    }>();
    // Checked by the compiler only; never called.
    const _typeOnly = (api: DemoApi) =>
      expectTypeOf(api.invoke('video:probe', { file: 'a.mp4' })).resolves.toEqualTypeOf<
        Result<{ durationSec: number }>
      >();
  });
});
