// Rules of the edge pages' deployment targets: registering an edge a push target reaches (POST /edges), moving an edge
// to another target (PATCH /edges/{id} {"target"}), and the targets offered. Pure, so it is unit-tested.

/** An installed plugin as GET /plugins lists it. */
export interface PluginInfo { kind: string; id: string; displayName: string; version: string; state: string }

export interface EdgeRegistration { name: string; description: string | null; location: string | null; tags: Record<string, string>; target: string }

export const EDGE_API = {
  edges: '/api/v1/edges',
  edge: (id: number) => `/api/v1/edges/${id}`,
  targets: '/api/v1/plugins?kind=DEPLOYMENT_TARGET',
};

/** Agents that enrolled are reached by this target. */
export const DEFAULT_TARGET = 'edge-agent';

export interface TargetChoice { id: string; label: string; installed: boolean }

/**
 * The deployment targets to choose from: the installed ones by id, and the current one (an edge's) even when its
 * plugin is not installed, marked so, since that is where the edge stands.
 */
export function targetChoices(plugins: PluginInfo[] | null | undefined, current?: string | null): TargetChoice[] {
  const installed = (plugins ?? []).filter((p) => p.kind === 'DEPLOYMENT_TARGET')
    .map((p) => ({ id: p.id, label: p.displayName && p.displayName !== p.id ? `${p.id} — ${p.displayName}` : p.id, installed: true }))
    .sort((a, b) => a.id.localeCompare(b.id));
  if (current && !installed.some((t) => t.id === current)) installed.push({ id: current, label: `${current} (not installed)`, installed: false });
  return installed;
}

/** "site=plant-1, line=3" → {site: "plant-1", line: "3"}, or what is wrong with it. */
export function parseTags(text: string): { tags: Record<string, string>; error: string | null } {
  const tags: Record<string, string> = {};
  for (const pair of text.split(',').map((t) => t.trim()).filter(Boolean)) {
    const equals = pair.indexOf('=');
    const key = (equals < 0 ? pair : pair.slice(0, equals)).trim();
    const value = equals < 0 ? '' : pair.slice(equals + 1).trim();
    if (!key) return { tags, error: `"${pair}" has no key: write key=value.` };
    if (key in tags) return { tags, error: `The tag ${key} appears twice.` };
    tags[key] = value;
  }
  return { tags, error: null };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface RegistrationForm { name: string; target: string; location: string; description: string; tags: string }
export const emptyRegistration = (target = ''): RegistrationForm => ({ name: '', target, location: '', description: '', tags: '' });

/** The body of POST /edges, or the form's errors keyed like the server's fields (name, target, tags). */
export function registrationRequest(form: RegistrationForm): { request: EdgeRegistration | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Give the edge a name.';
  else if (name.length > 128) errors.name = `The name is ${name.length} characters long; the limit is 128.`;
  else if (!NAME.test(name)) errors.name = "Letters, digits, '.', '_' and '-', starting with a letter or digit.";
  if (!form.target) errors.target = 'Choose the deployment target that reaches the edge.';
  const { tags, error } = parseTags(form.tags);
  if (error) errors.tags = error;
  if (Object.keys(errors).length > 0) return { request: null, errors };
  return {
    request: { name, description: form.description.trim() || null, location: form.location.trim() || null, tags, target: form.target },
    errors,
  };
}
