import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi } from '../api/context';
import type { HealthCheckRecord } from '../api/types';
import { ErrorNote } from '../ui/ErrorNote';
import { formatTime } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';

const COLORS = ['#0b5cad', '#a3320b', '#2f7d32', '#6a3d9a', '#8a6d00'];

/** Rows of the latency chart: one per sweep time, one column per component. */
export function latencySeries(items: HealthCheckRecord[]): { rows: Record<string, number | string>[]; components: string[] } {
  const components = [...new Set(items.map((item) => item.component))].sort();
  const byTime = new Map<string, Record<string, number | string>>();
  for (const item of [...items].sort((a, b) => a.checkedAt.localeCompare(b.checkedAt))) {
    if (item.latencyMs === undefined || item.latencyMs === null) continue;
    const row = byTime.get(item.checkedAt) ?? { time: new Date(item.checkedAt).toLocaleTimeString() };
    row[item.component] = item.latencyMs;
    byTime.set(item.checkedAt, row);
  }
  return { rows: [...byTime.values()], components };
}

/** Readiness now, the alerts open now, and the recorded health checks with their latency. */
export function Health() {
  const api = useApi();
  const ready = useQuery({ queryKey: ['ready'], queryFn: () => api.readiness(), refetchInterval: 15000 });
  const history = useQuery({ queryKey: ['health-checks'], queryFn: () => api.healthChecks(100), refetchInterval: 30000 });
  const series = history.data ? latencySeries(history.data.items) : null;

  return (
    <section aria-labelledby="health-heading" className="panel">
      <h2 id="health-heading">Health</h2>
      {ready.isError && <ErrorNote error={ready.error} />}
      {ready.data && (
        <p>
          Readiness: <StatusBadge status={ready.data.status} />
          {ready.data.components && (
            <span className="components">
              {Object.entries(ready.data.components).map(([name, component]) => (
                <span key={name}>
                  {' '}
                  {name} <StatusBadge status={component.status} />
                </span>
              ))}
            </span>
          )}
        </p>
      )}
      <h3>Open alerts</h3>
      {history.isError && <ErrorNote error={history.error} onRetry={() => void history.refetch()} />}
      {history.data && history.data.openAlerts.length === 0 && <p>No open alerts.</p>}
      {history.data && history.data.openAlerts.length > 0 && (
        <ul>
          {history.data.openAlerts.map((alert) => (
            <li key={alert.id}>
              <strong>{alert.key}</strong> {alert.message} — since {formatTime(alert.openedAt)} ({alert.occurrences}×)
            </li>
          ))}
        </ul>
      )}
      {series && series.rows.length > 0 && (
        <figure>
          <figcaption>Check latency per component (ms)</figcaption>
          <div className="chart">
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={series.rows}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="time" />
                <YAxis />
                <Tooltip />
                <Legend />
                {series.components.map((component, i) => (
                  <Line key={component} type="monotone" dataKey={component} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </figure>
      )}
      <h3>Recent health checks</h3>
      {history.data && history.data.items.length === 0 && <p>No health checks recorded yet (the health sweep records them).</p>}
      {history.data && history.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Checked</th>
              <th scope="col">Component</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">Latency (ms)</th>
            </tr>
          </thead>
          <tbody>
            {history.data.items.slice(0, 20).map((item) => (
              <tr key={item.id}>
                <td>{formatTime(item.checkedAt)}</td>
                <td>{item.component}</td>
                <td>
                  <StatusBadge status={item.status} />
                </td>
                <td className="num">{item.latencyMs ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
