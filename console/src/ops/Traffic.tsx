import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi } from '../api/context';
import type { MetricsSummary } from '../api/types';
import { ErrorNote } from '../ui/ErrorNote';
import { appendSample, busiestFunction, latencyPoints, ratePoints } from './traffic';

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/**
 * Request rate, failed calls and latency percentiles, sampled from GET /api/v1/admin/metrics every `intervalMs`
 * while the view is open. The API's counters are per instance: rates are drawn between samples of the same
 * instance only; fleet-wide history is Application Insights'.
 */
export function Traffic({ intervalMs = 10_000 }: { intervalMs?: number }) {
  const api = useApi();
  const query = useQuery({ queryKey: ['metrics-summary'], queryFn: ({ signal }) => api.metricsSummary(signal), refetchInterval: intervalMs });
  const [samples, setSamples] = useState<MetricsSummary[]>([]);
  const [chosen, setChosen] = useState<string>('');
  const { data } = query;
  useEffect(() => {
    if (data) setSamples((list) => appendSample(list, data));
  }, [data]);

  const rates = ratePoints(samples);
  const latest = rates[rates.length - 1];
  const last = samples[samples.length - 1];
  const fn = chosen || busiestFunction(samples) || '';
  const latency = fn ? latencyPoints(samples, fn) : [];
  const now = last?.functions.find((f) => f.function === fn);

  return (
    <section aria-labelledby="traffic-heading" className="panel">
      <h2 id="traffic-heading">Traffic</h2>
      {query.isError && <ErrorNote error={query.error} onRetry={() => void query.refetch()} />}
      <p role="status" data-testid="traffic-now">
        {latest
          ? `Last ${Math.round(latest.seconds)} s: ${latest.requestsPerSecond} requests/s, ${latest.failedPercent}% failed (${latest.failed} of ${latest.calls}).`
          : samples.length > 0
            ? 'Rates appear with the next sample.'
            : 'Loading metrics…'}{' '}
        <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
          Sample now
        </button>
      </p>
      {last && (
        <p className="muted">
          Instance {last.instance.slice(0, 8)}, started {new Date(last.startedAt).toLocaleString()}; sampled every {intervalMs / 1000} s while this
          view is open.
        </p>
      )}
      {rates.length > 0 && (
        <figure>
          <figcaption>Requests per second and failed calls (%)</figcaption>
          <div className="chart">
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={rates.map((p) => ({ ...p, time: time(p.at) }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="time" />
                <YAxis yAxisId="rate" />
                <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} unit="%" />
                <Tooltip />
                <Legend />
                <Line yAxisId="rate" type="monotone" dataKey="requestsPerSecond" name="requests/s" stroke="#0b5cad" dot={false} isAnimationActive={false} />
                <Line yAxisId="pct" type="monotone" dataKey="failedPercent" name="failed %" stroke="#a3320b" dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </figure>
      )}
      {last && last.functions.length > 0 && (
        <>
          <label>
            Latency of
            <select value={fn} onChange={(event) => setChosen(event.target.value)}>
              {last.functions.map((f) => (
                <option key={f.function} value={f.function}>
                  {f.function}
                </option>
              ))}
            </select>
          </label>
          {now && (
            <p data-testid="latency-now">
              {fn}: p50 {ms(now.p50Ms)}, p95 {ms(now.p95Ms)}, p99 {ms(now.p99Ms)} (successful calls, last few minutes)
            </p>
          )}
          <figure>
            <figcaption>Latency percentiles of {fn} (ms)</figcaption>
            <div className="chart">
              <ResponsiveContainer width="100%" height={240}>
                <LineChart data={latency.map((p) => ({ ...p, time: time(p.at) }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="time" />
                  <YAxis />
                  <Tooltip />
                  <Legend />
                  <Line type="monotone" dataKey="p50" stroke="#2f7d32" dot={false} isAnimationActive={false} connectNulls />
                  <Line type="monotone" dataKey="p95" stroke="#8a6d00" dot={false} isAnimationActive={false} connectNulls />
                  <Line type="monotone" dataKey="p99" stroke="#a3320b" dot={false} isAnimationActive={false} connectNulls />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </figure>
          <table>
            <caption className="visually-hidden">Calls per function since the instance started</caption>
            <thead>
              <tr>
                <th scope="col">Function</th>
                <th scope="col" className="num">Calls</th>
                <th scope="col" className="num">Failed</th>
                <th scope="col" className="num">Mean (ms)</th>
                <th scope="col" className="num">p95 (ms)</th>
              </tr>
            </thead>
            <tbody>
              {last.functions.map((f) => (
                <tr key={f.function} data-testid="function-row">
                  <td>{f.function}</td>
                  <td className="num">{f.calls}</td>
                  <td className="num">{f.failed}</td>
                  <td className="num">{f.meanMs.toFixed(1)}</td>
                  <td className="num">{ms(f.p95Ms, '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ms(value: number | null, unit = ' ms'): string {
  return value === null ? '—' : `${value.toFixed(1)}${unit}`;
}
