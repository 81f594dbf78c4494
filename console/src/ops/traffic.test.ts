import { describe, expect, it } from 'vitest';
import type { FunctionCalls, MetricsSummary } from '../api/types';
import { appendSample, busiestFunction, latencyPoints, ratePoint, ratePoints } from './traffic';

function fc(name: string, calls: number, failed = 0, p95: number | null = 10): FunctionCalls {
  return { function: name, calls, failed, meanMs: 5, p50Ms: p95 === null ? null : p95 / 2, p95Ms: p95, p99Ms: p95 === null ? null : p95 * 2 };
}

function summary(seconds: number, functions: FunctionCalls[], instance = 'i1'): MetricsSummary {
  return { instance, startedAt: '2026-01-01T00:00:00Z', takenAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString(), functions };
}

describe('ratePoint', () => {
  it('divides the calls of the interval by its length and gives the failed share', () => {
    const point = ratePoint(summary(0, [fc('ListFiles', 100, 2)]), summary(10, [fc('ListFiles', 140, 4), fc('GetFile', 10, 8)]));
    // 40 + 10 new calls in 10 s; 2 + 8 of them failed
    expect(point).toEqual({ at: '2026-01-01T00:00:10.000Z', seconds: 10, requestsPerSecond: 5, failedPercent: 20, calls: 50, failed: 10 });
  });

  it('is zero percent failed for an idle interval', () => {
    expect(ratePoint(summary(0, [fc('A', 3)]), summary(5, [fc('A', 3)]))).toMatchObject({ requestsPerSecond: 0, failedPercent: 0 });
  });

  it('compares nothing across instances, restarts or out-of-order samples', () => {
    expect(ratePoint(summary(0, [fc('A', 3)]), summary(10, [fc('A', 5)], 'i2'))).toBeNull();
    expect(ratePoint(summary(0, [fc('A', 30)]), summary(10, [fc('A', 5)]))).toBeNull();
    expect(ratePoint(summary(10, [fc('A', 3)]), summary(10, [fc('A', 5)]))).toBeNull();
  });

  it('ratePoints skips the pairs that cannot be compared', () => {
    const points = ratePoints([summary(0, [fc('A', 0)]), summary(10, [fc('A', 10)]), summary(20, [fc('A', 1)], 'i2'), summary(30, [fc('A', 21)], 'i2')]);
    expect(points.map((p) => p.requestsPerSecond)).toEqual([1, 2]);
  });
});

describe('latency and samples', () => {
  it('follows one function through the samples, null before its first successful call', () => {
    const points = latencyPoints([summary(0, [fc('A', 1, 1, null)]), summary(10, [fc('A', 2, 1, 40)])], 'A');
    expect(points).toEqual([
      { at: '2026-01-01T00:00:00.000Z', p50: null, p95: null, p99: null },
      { at: '2026-01-01T00:00:10.000Z', p50: 20, p95: 40, p99: 80 },
    ]);
  });

  it('picks the function with the most calls in the window of the latest instance', () => {
    expect(busiestFunction([summary(0, [fc('A', 100), fc('B', 0)]), summary(10, [fc('A', 101), fc('B', 50)])])).toBe('B');
    expect(busiestFunction([summary(0, [fc('A', 100), fc('B', 0)])])).toBe('A');
    expect(busiestFunction([])).toBeNull();
  });

  it('appends new readings only and keeps the last ones', () => {
    const a = summary(0, []);
    expect(appendSample([a], { ...a })).toHaveLength(1);
    const many = Array.from({ length: 5 }, (_, i) => summary(i, []));
    expect(appendSample(many, summary(9, []), 3).map((s) => s.takenAt.slice(17, 19))).toEqual(['03', '04', '09']);
  });
});
