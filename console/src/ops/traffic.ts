// Rates from the API's cumulative counters: a point is the difference of two summaries of the same instance.
import type { MetricsSummary } from '../api/types';

/** Samples kept for the charts: 60 at the view's 10 s interval is the last 10 minutes. */
export const MAX_SAMPLES = 60;

export interface RatePoint {
  /** when the later summary was taken (ISO) */
  at: string;
  /** length of the interval */
  seconds: number;
  requestsPerSecond: number;
  /** failed calls as a percentage of the calls in the interval (0 when there were none) */
  failedPercent: number;
  calls: number;
  failed: number;
}

export interface LatencyPoint {
  at: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * The traffic between two summaries, or null when they cannot be compared: another instance answered (a restart,
 * or a scaled-out app), the later one is not later, or a counter went down.
 */
export function ratePoint(before: MetricsSummary, after: MetricsSummary): RatePoint | null {
  if (before.instance !== after.instance) return null;
  const seconds = (Date.parse(after.takenAt) - Date.parse(before.takenAt)) / 1000;
  if (!(seconds > 0)) return null;
  const earlier = new Map(before.functions.map((f) => [f.function, f]));
  let calls = 0;
  let failed = 0;
  for (const f of after.functions) {
    const was = earlier.get(f.function);
    const dc = f.calls - (was?.calls ?? 0);
    const df = f.failed - (was?.failed ?? 0);
    if (dc < 0 || df < 0) return null;
    calls += dc;
    failed += df;
  }
  return {
    at: after.takenAt,
    seconds,
    requestsPerSecond: round(calls / seconds, 3),
    failedPercent: calls === 0 ? 0 : round((100 * failed) / calls, 1),
    calls,
    failed,
  };
}

/** Rate points of consecutive comparable samples. */
export function ratePoints(samples: readonly MetricsSummary[]): RatePoint[] {
  const points: RatePoint[] = [];
  for (let i = 1; i < samples.length; i++) {
    const point = ratePoint(samples[i - 1], samples[i]);
    if (point) points.push(point);
  }
  return points;
}

/** The latency percentiles of one function in each sample (null where it had no successful call yet). */
export function latencyPoints(samples: readonly MetricsSummary[], fn: string): LatencyPoint[] {
  return samples.map((s) => {
    const f = s.functions.find((x) => x.function === fn);
    return { at: s.takenAt, p50: f?.p50Ms ?? null, p95: f?.p95Ms ?? null, p99: f?.p99Ms ?? null };
  });
}

/** The function with the most calls between the first and the last sample of the latest instance, else the most calls. */
export function busiestFunction(samples: readonly MetricsSummary[]): string | null {
  const last = samples[samples.length - 1];
  if (!last || last.functions.length === 0) return null;
  const first = samples.find((s) => s.instance === last.instance) ?? last;
  const before = new Map(first.functions.map((f) => [f.function, f.calls]));
  const delta = (name: string, calls: number) => (first === last ? calls : calls - (before.get(name) ?? 0));
  return [...last.functions].sort((a, b) => delta(b.function, b.calls) - delta(a.function, a.calls) || a.function.localeCompare(b.function))[0]
    .function;
}

/** `samples` with `next` appended (unless it is the same reading again), at most MAX_SAMPLES of them. */
export function appendSample(samples: readonly MetricsSummary[], next: MetricsSummary, max = MAX_SAMPLES): MetricsSummary[] {
  const last = samples[samples.length - 1];
  if (last && last.instance === next.instance && last.takenAt === next.takenAt) return samples as MetricsSummary[];
  return [...samples, next].slice(-max);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
