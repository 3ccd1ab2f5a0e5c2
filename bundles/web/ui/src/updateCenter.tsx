// The update center: the plugin catalog with a version picker per plugin (versions for other platforms disabled),
// install, update and uninstall for administrators, a KAR upload, the live progress of operations, what is installed,
// and the recent operations. The rules live in updateCenterLogic.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api, Role } from './api';
import { bytes, dateTime, relativeTime } from './format';
import { shortSha } from './registry';
import { can } from './roles';
import {
  defaultVersion, duration, isRunning, karProblem, KAR_TYPE, newestCompatible, OPERATION_POLL_MS, operationError, operationPercent,
  operationStatus, operationTitle, othersRunning, pluginAction, UPDATE_API, updateAvailable, versionOptions,
  type CatalogPlugin, type InstalledPlugin, type PluginCatalog, type PluginOperation,
} from './updateCenterLogic';
import { Badge, ErrorText, Link, POLL_MS, Progress, ProgressBar, UploadProgress, usePoll, useUpload } from './widgets';

/** An uninstall waiting to be confirmed, asked from the catalog or the installed list (the question shows there). */
interface Uninstall { pluginId: string; version: string; from: 'catalog' | 'installed' }

export function UpdateCenter({ api, role }: { api: Api; role: Role }) {
  // the catalog may be a remote file: read when the page opens and after each operation, not on a timer
  const catalog = usePoll<PluginCatalog>(api, UPDATE_API.catalog, null);
  const installed = usePoll<InstalledPlugin[]>(api, UPDATE_API.installed, null);
  const operations = usePoll<PluginOperation[]>(api, UPDATE_API.operations, POLL_MS);
  const [following, setFollowing] = useState<PluginOperation | null>(null);
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState<Uninstall | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const admin = can.installPlugins(role);

  // a catalog that could not be read is read again when asked ("Read again"): a plugin operation does not change that
  const refresh = () => { if (!catalog.error) catalog.reload(); installed.reload(); operations.reload(); };
  const follow = (operation: PluginOperation) => {
    setFailure(null);
    setFollowing(operation);
    operations.reload();
  };
  const start = async (request: { action: string; plugin: string; version?: string }) => {
    setConfirm(null);
    try {
      follow(await api.post<PluginOperation>(UPDATE_API.operations, request));
    } catch (e) {
      setFailure(operationError(e));
    }
  };
  const uninstall = () => { if (confirm) start({ action: 'UNINSTALL', plugin: confirm.pluginId }); };
  const busy = following != null && isRunning(following);
  const others = othersRunning(operations.data, following?.id ?? null);

  return (
    <>
      <h1>Update center</h1>
      <p class="hint lead">Plugins from the signed plugin catalog, installed, updated and removed while the server runs (no other
        bundle restarts), or from a KAR file of your own. Running plugins are on the <Link to="/plugins">Plugins</Link> page.
        {!admin && ' Installing, updating and removing plugins needs the ADMIN role.'}</p>
      <ErrorText error={failure} />
      {following && (
        <section class="panel" data-testid="update-current" aria-label="Current operation">
          <h2>{operationTitle(following)} <Badge value={following.state} testId="update-current-state" /></h2>
          <OperationProgress key={following.id} api={api} operation={following} testId="update" onChange={setFollowing} onFinished={refresh} />
        </section>
      )}
      {others.map((operation) => (
        <section key={operation.id} class="panel" data-testid={`update-running-${operation.id}`} aria-label={operationTitle(operation)}>
          <h2>{operationTitle(operation)} <span class="hint">by {operation.actor}</span></h2>
          <OperationProgress api={api} operation={operation} testId={`update-running-${operation.id}`} onFinished={refresh} />
        </section>
      ))}

      <section class="panel" aria-labelledby="catalog-title" data-testid="update-catalog">
        <header class="panel-head">
          <h2 id="catalog-title">Catalog</h2>
          <span class="actions"><button type="button" class="secondary" data-testid="update-catalog-reload" onClick={catalog.reload}>Read again</button></span>
        </header>
        {catalog.error && (
          <p class="notice" role="status" data-testid="update-catalog-unavailable">The catalog cannot be read: {catalog.error}
            {admin ? ' You can still install a plugin from a KAR file below.' : ''}</p>
        )}
        {!catalog.data && !catalog.error && <Progress />}
        {catalog.data && (
          <>
            <p class="hint" data-testid="update-catalog-source">From <code>{catalog.data.location}</code>; this server's platform version is{' '}
              <strong data-testid="update-platform">{catalog.data.platformVersion}</strong>.</p>
            {catalog.data.plugins.length === 0 ? <p class="empty" data-testid="update-catalog-empty">The catalog offers no plugins.</p> : (
              <table data-testid="update-catalog-table">
                <thead><tr><th>Plugin</th><th>Kind</th><th>Description</th><th>Installed</th><th>Newest for this server</th><th>Version</th>{admin && <th>Actions</th>}</tr></thead>
                <tbody>{catalog.data.plugins.map((plugin) => (
                  <CatalogRow plugin={plugin} admin={admin} busy={busy} version={picked[plugin.id] ?? defaultVersion(plugin)}
                    onPick={(version) => setPicked((p) => ({ ...p, [plugin.id]: version }))}
                    onStart={(action, version) => start({ action, plugin: plugin.id, version })}
                    onUninstall={() => setConfirm({ pluginId: plugin.id, version: plugin.installedVersion ?? '', from: 'catalog' })} />
                ))}</tbody>
              </table>
            )}
          </>
        )}
        {admin && confirm?.from === 'catalog' && <UninstallConfirm confirm={confirm} onYes={uninstall} onNo={() => setConfirm(null)} />}
      </section>

      {admin && <KarUpload api={api} busy={busy} onStarted={follow} />}

      <section class="panel" aria-labelledby="installed-title">
        <h2 id="installed-title">Installed through the update center</h2>
        <ErrorText error={installed.error} />
        {!installed.data && !installed.error && <Progress />}
        {installed.data && installed.data.length === 0 && <p class="empty" data-testid="update-installed-empty">Nothing installed here yet.</p>}
        {installed.data && installed.data.length > 0 && (
          <table data-testid="update-installed">
            <thead><tr><th>Plugin</th><th>Version</th><th>Feature</th><th>From</th><th>SHA-256</th><th>Installed</th>{admin && <th />}</tr></thead>
            <tbody>{installed.data.map((p) => (
              <tr data-testid={`installed-row-${p.id}`}>
                <td>{p.id}</td>
                <td data-testid={`installed-version-${p.id}`}>{p.version}</td>
                <td><code>{p.feature}</code></td>
                <td data-testid={`installed-source-${p.id}`}>{p.source === 'upload' ? 'uploaded KAR' : 'catalog'}</td>
                <td><code title={p.sha256}>{shortSha(p.sha256)}</code></td>
                <td title={dateTime(p.installedAt)}>{relativeTime(p.installedAt)}<div class="hint">by {p.installedBy}</div></td>
                {admin && <td><button type="button" class="secondary" data-testid={`installed-uninstall-${p.id}`} disabled={busy}
                  onClick={() => setConfirm({ pluginId: p.id, version: p.version, from: 'installed' })}>Uninstall</button></td>}
              </tr>
            ))}</tbody>
          </table>
        )}
        {admin && confirm?.from === 'installed' && <UninstallConfirm confirm={confirm} onYes={uninstall} onNo={() => setConfirm(null)} />}
      </section>

      <section class="panel" aria-labelledby="operations-title">
        <h2 id="operations-title">Recent operations</h2>
        <ErrorText error={operations.error} />
        {operations.data && operations.data.length === 0 && <p class="empty" data-testid="update-operations-empty">No plugin was installed, updated or removed since the server started.</p>}
        {operations.data && operations.data.length > 0 && (
          <table data-testid="update-operations">
            <thead><tr><th>Started</th><th>Operation</th><th>State</th><th>Step or reason</th><th>By</th><th>Took</th></tr></thead>
            <tbody>{operations.data.map((o) => (
              <tr data-testid={`operation-row-${o.id}`}>
                <td title={dateTime(o.startedAt)}>{relativeTime(o.startedAt)}</td>
                <td>{operationTitle(o)}</td>
                <td><Badge value={o.state} /></td>
                <td class={o.state === 'FAILED' ? 'error' : undefined}>{o.state === 'FAILED' ? o.error : o.step}</td>
                <td>{o.actor}</td>
                <td>{isRunning(o) ? `${operationPercent(o)} %` : duration(o.startedAt, o.finishedAt)}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
    </>
  );
}

function UninstallConfirm({ confirm, onYes, onNo }: { confirm: Uninstall; onYes: () => void; onNo: () => void }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.scrollIntoView?.({ block: 'nearest' }), []);
  return (
    <p ref={ref} class="notice" role="alertdialog" data-testid="update-uninstall-confirm">
      Uninstall {confirm.pluginId} {confirm.version}? Its bundles stop and are removed; whatever uses the plugin stops working.{' '}
      <span class="actions">
        <button type="button" data-testid="update-uninstall-yes" onClick={onYes}>Uninstall</button>
        <button type="button" class="secondary" data-testid="update-uninstall-no" onClick={onNo}>Keep it</button>
      </span>
    </p>
  );
}

function CatalogRow({ plugin, admin, busy, version, onPick, onStart, onUninstall }: {
  plugin: CatalogPlugin; admin: boolean; busy: boolean; version: string; onPick: (version: string) => void;
  onStart: (action: string, version: string) => void; onUninstall: () => void;
}) {
  const newest = newestCompatible(plugin);
  const action = pluginAction(plugin, version);
  return (
    <tr data-testid={`catalog-row-${plugin.id}`}>
      <td>{plugin.name}<div class="hint">{plugin.id}</div></td>
      <td>{plugin.kind.replace(/_/g, ' ').toLowerCase()}</td>
      <td>{plugin.description ?? ''}</td>
      <td data-testid={`catalog-installed-${plugin.id}`}>{plugin.installedVersion ?? 'not installed'}
        {updateAvailable(plugin) && <div class="hint">an update is available</div>}</td>
      <td data-testid={`catalog-newest-${plugin.id}`}>{newest?.version ?? 'none for this platform'}</td>
      <td>
        <select aria-label={`Version of ${plugin.name}`} data-testid={`catalog-version-${plugin.id}`} value={version}
          onChange={(e) => onPick(e.currentTarget.value)}>
          {versionOptions(plugin).map((o) => <option value={o.value} disabled={o.disabled}>{o.label}</option>)}
        </select>
      </td>
      {admin && (
        <td><span class="actions">
          <button type="button" data-testid={`catalog-action-${plugin.id}`} disabled={busy || action.blocked != null}
            title={action.blocked ?? undefined} onClick={() => onStart(action.action, version)}>{action.label}</button>
          {plugin.installedVersion != null && (
            <button type="button" class="secondary" data-testid={`catalog-uninstall-${plugin.id}`} disabled={busy}
              onClick={onUninstall}>Uninstall</button>
          )}
        </span></td>
      )}
    </tr>
  );
}

/**
 * One operation followed until it ends: read every half second while it runs, its progress as a bar with the step in
 * words, the reason when it failed. `onFinished` is called once, when it ends.
 */
function OperationProgress({ api, operation, testId, onChange, onFinished }: {
  api: Api; operation: PluginOperation; testId: string; onChange?: (o: PluginOperation) => void; onFinished: () => void;
}) {
  const running = isRunning(operation);
  const { data } = usePoll<PluginOperation>(api, UPDATE_API.operation(operation.id), running ? OPERATION_POLL_MS : null);
  const current = data && data.id === operation.id ? data : operation;
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (data && data.id === operation.id && data !== operation) onChange?.(data);
    if (!isRunning(current) && reported.current !== current.id) {
      reported.current = current.id;
      onFinished();
    }
  }, [data]);
  const percent = operationPercent(current);
  return (
    <>
      <ProgressBar percent={percent} label={`${operationTitle(current)}: progress`} testId={`${testId}-progress`}>
        <span data-testid={`${testId}-status`}>{operationStatus(current)}</span>
      </ProgressBar>
      {current.state === 'FAILED' && <p class="error" role="alert" data-testid={`${testId}-error`}>{current.error ?? 'It failed; the server gave no reason.'}</p>}
    </>
  );
}

/** A KAR of one's own: sent as the request body, then followed like any operation. */
function KarUpload({ api, busy, onStarted }: { api: Api; busy: boolean; onStarted: (o: PluginOperation) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const upload = useUpload();
  const sending = upload.busy;

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = karProblem(file);
    if (problem) { setError(problem); return; }
    setError(null);
    try {
      const operation = await upload.run(file!.size, (onProgress, signal) =>
        api.upload<PluginOperation>(UPDATE_API.upload(file!.name), file!, onProgress, signal, KAR_TYPE));
      if (!operation) return;
      setFile(null);
      if (input.current) input.current.value = '';
      onStarted(operation);
    } catch (failure) {
      setError(operationError(failure));
    }
  };
  return (
    <form class="panel upload" onSubmit={submit} noValidate aria-labelledby="kar-upload-title" data-testid="update-upload">
      <h2 id="kar-upload-title">Upload a KAR</h2>
      <p class="hint lead">A Karaf archive holding the plugin's feature repository, with exactly one feature to install (the plugin); it
        is installed, or replaces the version installed from a KAR with the same feature. Only install KARs you trust: a plugin runs
        inside the server.</p>
      <div class="inline">
        <label>KAR file<input ref={input} type="file" accept=".kar,application/vnd.karaf.kar,application/zip" data-testid="update-upload-file"
          disabled={sending} onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); setError(null); }} /></label>
        <span class="actions"><button type="submit" data-testid="update-upload-submit" disabled={sending || busy}>Upload and install</button></span>
      </div>
      {file && <p class="hint">{file.name} · {bytes(file.size)}</p>}
      <UploadProgress phase={upload.phase} testId="update-upload-progress" checking="Uploaded; the server is checking the KAR…" />
      {error && <p class="error" role="alert" data-testid="update-upload-error">{error}</p>}
    </form>
  );
}
