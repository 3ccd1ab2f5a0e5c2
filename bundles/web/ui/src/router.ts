// History-API routes: the server answers every unknown path with index.html.
export interface Match {
  page: 'login' | 'dashboard' | 'edges' | 'edge' | 'tokens' | 'users' | 'audit' | 'plugins' | 'notfound';
  id?: number;
}

export function match(path: string): Match {
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/') return { page: 'dashboard' };
  const edge = /^\/edges\/(\d+)$/.exec(clean);
  if (edge) return { page: 'edge', id: Number(edge[1]) };
  const pages: Record<string, Match['page']> = {
    '/login': 'login', '/edges': 'edges', '/tokens': 'tokens', '/users': 'users', '/audit': 'audit', '/plugins': 'plugins',
  };
  return { page: pages[clean] ?? 'notfound' };
}
