// The console's shell: the session, the navigation, and which page a path shows. Each page is a module of its own,
// loaded when first opened (lazy.tsx), so the first load carries only this and the login page.
import { render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import './style.css';
import { Api } from './api';
import { can, navigation } from './roles';
import { isCurrent, match } from './router';
import { lazyPage } from './lazy';
import { Login, type Session } from './login';
import { NotificationBell } from './notifications';
import type { AlertTab } from './alertLogic';
import { Link, navigate, Progress } from './widgets';

const Dashboard = lazyPage(() => import('./dashboard').then((m) => m.Dashboard));
const Edges = lazyPage(() => import('./edges').then((m) => m.Edges));
const EdgeDetail = lazyPage(() => import('./edgeDetail').then((m) => m.EdgeDetail));
const Models = lazyPage(() => import('./models').then((m) => m.Models));
const ModelPage = lazyPage(() => import('./models').then((m) => m.ModelPage));
const Datasets = lazyPage(() => import('./datasets').then((m) => m.Datasets));
const DatasetPage = lazyPage(() => import('./datasets').then((m) => m.DatasetPage));
const Solutions = lazyPage(() => import('./streams').then((m) => m.Solutions));
const Streams = lazyPage(() => import('./streams').then((m) => m.Streams));
const StreamPage = lazyPage(() => import('./streams').then((m) => m.StreamPage));
const Rollouts = lazyPage(() => import('./rollouts').then((m) => m.Rollouts));
const RolloutPage = lazyPage(() => import('./rollouts').then((m) => m.RolloutPage));
const AgentReleases = lazyPage(() => import('./agentReleases').then((m) => m.AgentReleases));
const AgentReleasePage = lazyPage(() => import('./agentReleases').then((m) => m.AgentReleasePage));
const Alerts = lazyPage(() => import('./alerts').then((m) => m.Alerts));
const AlertPage = lazyPage(() => import('./alerts').then((m) => m.AlertPage));
const Tokens = lazyPage(() => import('./tokens').then((m) => m.Tokens));
const Users = lazyPage(() => import('./users').then((m) => m.Users));
const Directory = lazyPage(() => import('./directory').then((m) => m.Directory));
const Audit = lazyPage(() => import('./audit').then((m) => m.Audit));
const Plugins = lazyPage(() => import('./plugins').then((m) => m.Plugins));
const PluginInstances = lazyPage(() => import('./pluginInstances').then((m) => m.PluginInstances));
const UpdateCenter = lazyPage(() => import('./updateCenter').then((m) => m.UpdateCenter));
const PasswordChange = lazyPage(() => import('./password').then((m) => m.PasswordChange));

function loadSession(): Session | null {
  try {
    return JSON.parse(sessionStorage.getItem('modelfleet.session') ?? 'null');
  } catch {
    return null;
  }
}

function App() {
  const [path, setPath] = useState(location.pathname);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [changingPassword, setChangingPassword] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const expire = useCallback(() => {
    sessionStorage.removeItem('modelfleet.session');
    setSession(null);
    setNotice('Your session has ended; please sign in again.');
    navigate('/login');
  }, []);
  const api = useMemo(() => new Api(session !== null, expire, setBusy), []);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const route = match(path);

  if (!session || route.page === 'login') {
    if (session && route.page === 'login') { navigate('/'); return null; }
    return <Login api={api} notice={notice} onLogin={(s) => {
      sessionStorage.setItem('modelfleet.session', JSON.stringify(s));
      api.setSignedIn(true);
      setNotice(null);
      setSession(s);
      if (route.page === 'login') navigate('/');
    }} />;
  }
  const role = session.role;
  const logout = async () => {
    try { await api.post('/api/v1/auth/logout'); } catch { /* the session may already be gone */ }
    sessionStorage.removeItem('modelfleet.session');
    api.setSignedIn(false);
    setSession(null);
    setNotice(null);
    navigate('/login');
  };
  const allowed = (page: string) => (page === 'tokens' ? can.manageTokens(role) : page === 'users' ? can.manageUsers(role) : page === 'directory' ? can.manageDirectory(role) : page === 'audit' ? can.readAudit(role) : true);
  return (
    <>
      <header class="top">
        <strong class="brand">ModelFleet</strong>
        <nav aria-label="Main">{navigation(role).map((item) => (
          <Link to={item.path} testId={item.testId}><span class={isCurrent(path, item.path) ? 'current' : ''}>{item.label}</span></Link>
        ))}</nav>
        <span class="who" data-testid="session-user">{session.username} · {role}</span>
        <NotificationBell api={api} />
        <button type="button" class="secondary" data-testid="password-open" onClick={() => { setStatus(null); setChangingPassword(true); }}>Password</button>
        <button type="button" class="secondary" data-testid="logout" onClick={logout}>Sign out</button>
      </header>
      {busy ? <Progress /> : <div class="progress idle" />}
      <main class="content">
        {changingPassword && <PasswordChange api={api} onCancel={() => setChangingPassword(false)}
          onDone={() => { setChangingPassword(false); setStatus('Your password was changed; your other sessions ended.'); }} />}
        {status && <p class="notice" role="status" data-testid="password-changed">{status}</p>}
        {!allowed(route.page) && <p class="error">This page needs a role you do not have.</p>}
        {allowed(route.page) && route.page === 'dashboard' && <Dashboard api={api} />}
        {allowed(route.page) && route.page === 'edges' && <Edges api={api} role={role} />}
        {allowed(route.page) && route.page === 'edge' && <EdgeDetail key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'models' && <Models api={api} role={role} />}
        {allowed(route.page) && route.page === 'model' && <ModelPage key={route.name} api={api} role={role} name={route.name!} versionId={route.id} />}
        {allowed(route.page) && route.page === 'datasets' && <Datasets api={api} role={role} />}
        {allowed(route.page) && route.page === 'dataset' && <DatasetPage key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'solutions' && <Solutions api={api} />}
        {allowed(route.page) && route.page === 'streams' && <Streams api={api} role={role} />}
        {allowed(route.page) && route.page === 'stream' && <StreamPage key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'rollouts' && <Rollouts api={api} role={role} />}
        {allowed(route.page) && route.page === 'rollout' && <RolloutPage key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'agent-releases' && <AgentReleases api={api} role={role} />}
        {allowed(route.page) && route.page === 'agent-release' && <AgentReleasePage key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'alerts' && <Alerts api={api} role={role} tab={(route.name ?? 'alerts') as AlertTab} />}
        {allowed(route.page) && route.page === 'alert' && <AlertPage key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'tokens' && <Tokens api={api} />}
        {allowed(route.page) && route.page === 'users' && <Users api={api} self={session.username} />}
        {allowed(route.page) && route.page === 'directory' && <Directory api={api} />}
        {allowed(route.page) && route.page === 'audit' && <Audit api={api} />}
        {allowed(route.page) && route.page === 'plugins' && <Plugins api={api} />}
        {allowed(route.page) && route.page === 'plugin-instances' && <PluginInstances api={api} role={role} />}
        {allowed(route.page) && route.page === 'update-center' && <UpdateCenter api={api} role={role} />}
        {route.page === 'notfound' && <p class="empty">Nothing here. <Link to="/">Back to the dashboard</Link></p>}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
