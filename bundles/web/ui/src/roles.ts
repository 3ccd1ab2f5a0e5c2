import type { Role } from './api';

const RANK: Record<Role, number> = { VIEWER: 0, MANAGER: 1, ADMIN: 2 };

export function includes(role: Role | null | undefined, required: Role): boolean {
  return role != null && RANK[role] >= RANK[required];
}

/** Mirrors the server's rules so the UI shows no button the server would refuse. */
export const can = {
  decideEdges: (role: Role | null) => includes(role, 'MANAGER'),
  editEdges: (role: Role | null) => includes(role, 'MANAGER'),
  manageModels: (role: Role | null) => includes(role, 'MANAGER'),
  assignModels: (role: Role | null) => includes(role, 'MANAGER'),
  manageDatasets: (role: Role | null) => includes(role, 'MANAGER'),
  manageStreams: (role: Role | null) => includes(role, 'MANAGER'),
  /** An edge's or a stream's data-collection policy (PUT/DELETE .../collection-policy). */
  setCollectionPolicy: (role: Role | null) => includes(role, 'MANAGER'),
  /** Create, start, pause, resume, abort and roll back rollouts; set a stream's rollout plan. */
  manageRollouts: (role: Role | null) => includes(role, 'MANAGER'),
  /** A stream's retraining policy (PUT/DELETE .../retraining-policy), Start now, and Stop / Continue of a retraining. */
  manageRetraining: (role: Role | null) => includes(role, 'MANAGER'),
  /** Upload agent releases (rolling them out is manageRollouts). */
  manageAgentReleases: (role: Role | null) => includes(role, 'MANAGER'),
  /** The fleet's and an edge's agent settings (PUT/DELETE .../agent-settings). */
  setAgentSettings: (role: Role | null) => includes(role, 'MANAGER'),
  /** Register edges reached by a push target, and move an edge to another deployment target. */
  registerEdges: (role: Role | null) => includes(role, 'MANAGER'),
  /** Delete an edge (it revokes its credential, and may remove its data) or a dataset (it removes data). */
  deleteEdges: (role: Role | null) => includes(role, 'ADMIN'),
  deleteDatasets: (role: Role | null) => includes(role, 'ADMIN'),
  /** Delete a model version nothing uses (DELETE /model-versions/{id}). */
  deleteModelVersions: (role: Role | null) => includes(role, 'MANAGER'),
  manageTokens: (role: Role | null) => includes(role, 'ADMIN'),
  manageUsers: (role: Role | null) => includes(role, 'ADMIN'),
  /** The company directory (LDAP) settings and their connection test: who may sign in, with which role. */
  manageDirectory: (role: Role | null) => includes(role, 'ADMIN'),
  readAudit: (role: Role | null) => includes(role, 'ADMIN'),
  /** Create, change and delete plugin instances (POST/PUT/DELETE /plugin-instances): what the server connects to, with which credentials. */
  configurePlugins: (role: Role | null) => includes(role, 'ADMIN'),
  /** Install, update and remove plugins from the catalog or a KAR (POST /plugin-operations); everyone may look. */
  installPlugins: (role: Role | null) => includes(role, 'ADMIN'),
  /** Acknowledge and silence alerts; everyone sees them. */
  manageAlerts: (role: Role | null) => includes(role, 'MANAGER'),
  /** Create, change, switch off and delete alert rules. */
  manageAlertRules: (role: Role | null) => includes(role, 'MANAGER'),
  /** Create, test and delete notification channels: they hold signing secrets and send outside the server. */
  manageChannels: (role: Role | null) => includes(role, 'ADMIN'),
  /** The daily summary's settings (PUT /summaries/settings) and "Send now" (POST /summaries/send); everyone may read them. */
  manageSummaries: (role: Role | null) => includes(role, 'MANAGER'),
};

export interface NavItem {
  path: string;
  label: string;
  testId: string;
}

export function navigation(role: Role | null): NavItem[] {
  const items: NavItem[] = [
    { path: '/', label: 'Dashboard', testId: 'nav-dashboard' },
    { path: '/edges', label: 'Edges', testId: 'nav-edges' },
    { path: '/models', label: 'Models', testId: 'nav-models' },
    { path: '/datasets', label: 'Datasets', testId: 'nav-datasets' },
    { path: '/solutions', label: 'Solutions', testId: 'nav-solutions' },
    { path: '/streams', label: 'Streams', testId: 'nav-streams' },
    { path: '/rollouts', label: 'Rollouts', testId: 'nav-rollouts' },
    { path: '/agent-releases', label: 'Agent releases', testId: 'nav-agent-releases' },
    { path: '/alerts', label: 'Alerts', testId: 'nav-alerts' },
  ];
  if (can.manageTokens(role)) items.push({ path: '/tokens', label: 'Enrollment tokens', testId: 'nav-tokens' });
  if (can.manageUsers(role)) items.push({ path: '/users', label: 'Users', testId: 'nav-users' });
  if (can.manageDirectory(role)) items.push({ path: '/directory', label: 'Directory', testId: 'nav-directory' });
  if (can.readAudit(role)) items.push({ path: '/audit', label: 'Audit log', testId: 'nav-audit' });
  items.push({ path: '/plugins', label: 'Plugins', testId: 'nav-plugins' });
  items.push({ path: '/plugin-instances', label: 'Plugin instances', testId: 'nav-plugin-instances' });
  items.push({ path: '/update-center', label: 'Update center', testId: 'nav-update-center' });
  return items;
}
