// The plugins running in the server, by kind.
import type { Api } from './api';
import { Badge, ErrorText, usePoll } from './widgets';

interface Plugin { kind: string; id: string; displayName: string; version: string; bundleSymbolicName: string; bundleVersion: string; bundleId: number; state: string }

export function Plugins({ api }: { api: Api }) {
  const { data, error } = usePoll<Plugin[]>(api, '/api/v1/plugins');
  const kinds = ['SOLUTION_TYPE', 'DATA_SOURCE', 'TRAINING_BACKEND', 'DEPLOYMENT_TARGET'];
  return (
    <>
      <h1>Plugins</h1>
      <ErrorText error={error} />
      {data && kinds.map((kind) => {
        const installed = data.filter((p) => p.kind === kind);
        return (
          <section class="panel">
            <h2>{kind.replace('_', ' ').toLowerCase()}</h2>
            {installed.length === 0 ? <p class="empty">None installed. Plugins are Karaf features; install one without restarting the server.</p> : (
              <table><thead><tr><th>ID</th><th>Name</th><th>Version</th><th>Bundle</th><th>State</th></tr></thead>
                <tbody>{installed.map((p) => <tr><td>{p.id}</td><td>{p.displayName}</td><td>{p.version}</td><td>{p.bundleSymbolicName} {p.bundleVersion} [{p.bundleId}]</td><td><Badge value={p.state} /></td></tr>)}</tbody></table>
            )}
          </section>
        );
      })}
    </>
  );
}
