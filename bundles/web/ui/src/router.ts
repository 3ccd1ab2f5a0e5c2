// History-API routes: the server answers every unknown path with index.html.
export interface Match {
  page: 'login' | 'dashboard' | 'edges' | 'edge' | 'models' | 'model' | 'datasets' | 'dataset' | 'solutions' | 'streams' | 'stream' | 'rollouts' | 'rollout' | 'agent-releases' | 'agent-release' | 'alerts' | 'alert' | 'tokens' | 'users' | 'directory' | 'audit' | 'plugins' | 'plugin-instances' | 'update-center' | 'notfound';
  id?: number;
  /** a model's name; the Alerts page's tab (alerts, summary, rules, channels) */
  name?: string;
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function match(path: string): Match {
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/') return { page: 'dashboard' };
  const edge = /^\/edges\/(\d+)$/.exec(clean);
  if (edge) return { page: 'edge', id: Number(edge[1]) };
  const dataset = /^\/datasets\/(\d+)$/.exec(clean);
  if (dataset) return { page: 'dataset', id: Number(dataset[1]) };
  const stream = /^\/streams\/(\d+)$/.exec(clean);
  if (stream) return { page: 'stream', id: Number(stream[1]) };
  const rollout = /^\/rollouts\/(\d+)$/.exec(clean);
  if (rollout) return { page: 'rollout', id: Number(rollout[1]) };
  const release = /^\/agent-releases\/(\d+)$/.exec(clean);
  if (release) return { page: 'agent-release', id: Number(release[1]) };
  const alert = /^\/alerts\/(\d+)$/.exec(clean);
  if (alert) return { page: 'alert', id: Number(alert[1]) };
  // the Alerts page's tabs are paths of their own, so a reload or a shared link opens the same tab
  const alertTab = /^\/alerts(?:\/(summary|rules|channels))?$/.exec(clean);
  if (alertTab) return { page: 'alerts', name: alertTab[1] ?? 'alerts' };
  const model = /^\/models\/([^/]+)(?:\/versions\/(\d+))?$/.exec(clean);
  if (model) {
    const name = decode(model[1]);
    if (name == null) return { page: 'notfound' };
    return model[2] ? { page: 'model', name, id: Number(model[2]) } : { page: 'model', name };
  }
  const pages: Record<string, Match['page']> = {
    '/login': 'login', '/edges': 'edges', '/models': 'models', '/datasets': 'datasets', '/solutions': 'solutions', '/streams': 'streams', '/rollouts': 'rollouts', '/agent-releases': 'agent-releases', '/tokens': 'tokens', '/users': 'users', '/directory': 'directory', '/audit': 'audit', '/plugins': 'plugins', '/plugin-instances': 'plugin-instances', '/update-center': 'update-center',
  };
  return { page: pages[clean] ?? 'notfound' };
}

/** Whether a navigation entry is the current page: itself or one of its detail pages (/edges/42 is under /edges). */
export function isCurrent(path: string, itemPath: string): boolean {
  const clean = path.replace(/\/+$/, '') || '/';
  return itemPath === '/' ? clean === '/' : clean === itemPath || clean.startsWith(`${itemPath}/`);
}
