import { describe, expect, it } from 'vitest';
import { badgeClass, bytes, percent, relativeTime, tokenStatus } from './format';
import { can, navigation } from './roles';
import { isCurrent, match } from './router';
import { RANGES, toSeries, totals, window } from './series';

const NOW = Date.parse('2026-11-23T12:00:00Z');

describe('format', () => {
  it('relative time', () => {
    expect(relativeTime(null, NOW)).toBe('never');
    expect(relativeTime('2026-11-23T11:59:58Z', NOW)).toBe('just now');
    expect(relativeTime('2026-11-23T11:59:30Z', NOW)).toBe('30 s ago');
    expect(relativeTime('2026-11-23T11:30:00Z', NOW)).toBe('30 min ago');
    expect(relativeTime('2026-11-22T09:00:00Z', NOW)).toBe('1 d ago');
  });
  it('bytes and percent', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(4_000_000_000)).toBe('3.7 GiB');
    expect(bytes(undefined)).toBe('—');
    expect(percent(1, 4)).toBe('25.0 %');
    expect(percent(0, 0)).toBe('—');
  });
  it('token status', () => {
    const token = { revoked: false, expiresAt: '2026-11-24T00:00:00Z', uses: 0, maxUses: 1 };
    expect(tokenStatus(token, NOW)).toBe('ACTIVE');
    expect(tokenStatus({ ...token, uses: 1 }, NOW)).toBe('USED UP');
    expect(tokenStatus({ ...token, expiresAt: '2026-11-23T12:00:00Z' }, NOW)).toBe('EXPIRED');
    expect(tokenStatus({ ...token, revoked: true }, NOW)).toBe('REVOKED');
  });
  it('badge classes', () => {
    expect(badgeClass('APPROVED')).toBe('badge badge-approved');
    expect(badgeClass('ROLLED_BACK')).toBe('badge badge-rolled-back');
    expect(badgeClass('USED UP')).toBe('badge badge-used-up');
  });
});

describe('roles', () => {
  it('deleting edges and datasets needs an administrator, model versions a manager, as on the server', () => {
    expect(can.deleteEdges('MANAGER')).toBe(false);
    expect(can.deleteEdges('ADMIN')).toBe(true);
    expect(can.deleteDatasets('MANAGER')).toBe(false);
    expect(can.deleteDatasets('ADMIN')).toBe(true);
    expect(can.deleteModelVersions('VIEWER')).toBe(false);
    expect(can.deleteModelVersions('MANAGER')).toBe(true);
    expect(can.deleteEdges(null)).toBe(false);
  });
  it('viewers see no operator actions or admin pages', () => {
    expect(can.decideEdges('VIEWER')).toBe(false);
    expect(can.decideEdges('MANAGER')).toBe(true);
    expect(can.manageTokens('MANAGER')).toBe(false);
    expect(can.manageModels('VIEWER')).toBe(false);
    expect(can.assignModels('VIEWER')).toBe(false);
    expect(can.manageModels('MANAGER')).toBe(true);
    expect(can.assignModels('ADMIN')).toBe(true);
    expect(can.setCollectionPolicy('VIEWER')).toBe(false);
    expect(can.setCollectionPolicy('MANAGER')).toBe(true);
    expect(can.setCollectionPolicy(null)).toBe(false);
    expect(can.manageRollouts('VIEWER')).toBe(false);
    expect(can.manageRollouts('MANAGER')).toBe(true);
    expect(can.registerEdges('VIEWER')).toBe(false);
    expect(can.registerEdges('ADMIN')).toBe(true);
    expect(can.manageAgentReleases('VIEWER')).toBe(false);
    expect(can.manageAgentReleases('MANAGER')).toBe(true);
    expect(can.setAgentSettings('VIEWER')).toBe(false);
    expect(can.setAgentSettings('ADMIN')).toBe(true);
    expect(can.installPlugins('MANAGER')).toBe(false);
    expect(can.installPlugins('ADMIN')).toBe(true);
    expect(navigation('VIEWER').map((n) => n.path)).toEqual(['/', '/edges', '/models', '/datasets', '/solutions', '/streams', '/rollouts', '/agent-releases', '/alerts', '/plugins', '/plugin-instances', '/update-center']);
    expect(navigation('ADMIN').map((n) => n.testId)).toContain('nav-tokens');
    // the Directory page sits next to Users, for admins only
    const admin = navigation('ADMIN').map((n) => n.path);
    expect(admin.indexOf('/directory')).toBe(admin.indexOf('/users') + 1);
    expect(navigation('MANAGER').map((n) => n.path)).not.toContain('/directory');
    expect(can.manageDirectory('MANAGER')).toBe(false);
    expect(can.manageDirectory('ADMIN')).toBe(true);
  });
});

describe('router', () => {
  it('matches pages and edge ids', () => {
    expect(match('/')).toEqual({ page: 'dashboard' });
    expect(match('/edges/')).toEqual({ page: 'edges' });
    expect(match('/edges/42')).toEqual({ page: 'edge', id: 42 });
    expect(match('/edges/abc').page).toBe('notfound');
    expect(match('/users').page).toBe('users');
    expect(match('/directory/')).toEqual({ page: 'directory' });
    expect(match('/update-center/').page).toBe('update-center');
    expect(match('/alerts')).toEqual({ page: 'alerts', name: 'alerts' });
    expect(match('/alerts/rules/')).toEqual({ page: 'alerts', name: 'rules' });
    expect(match('/alerts/channels')).toEqual({ page: 'alerts', name: 'channels' });
    expect(match('/alerts/summary')).toEqual({ page: 'alerts', name: 'summary' });
    expect(match('/alerts/17')).toEqual({ page: 'alert', id: 17 });
    expect(match('/alerts/other').page).toBe('notfound');
  });
  it('matches models and their versions', () => {
    expect(match('/models')).toEqual({ page: 'models' });
    expect(match('/models/resnet-50')).toEqual({ page: 'model', name: 'resnet-50' });
    expect(match('/models/resnet-50/versions/7/')).toEqual({ page: 'model', name: 'resnet-50', id: 7 });
    expect(match('/models/a%2Eb')).toEqual({ page: 'model', name: 'a.b' });
    expect(match('/models/%E0%A4%A')).toEqual({ page: 'notfound' });
    expect(match('/models/x/versions/abc').page).toBe('notfound');
  });
  it('matches datasets', () => {
    expect(match('/datasets')).toEqual({ page: 'datasets' });
    expect(match('/datasets/3/')).toEqual({ page: 'dataset', id: 3 });
    expect(match('/datasets/x').page).toBe('notfound');
    expect(isCurrent('/datasets/3', '/datasets')).toBe(true);
  });
  it('matches solutions and streams', () => {
    expect(match('/solutions')).toEqual({ page: 'solutions' });
    expect(match('/streams/')).toEqual({ page: 'streams' });
    expect(match('/streams/12')).toEqual({ page: 'stream', id: 12 });
    expect(match('/streams/x').page).toBe('notfound');
    expect(match('/agent-releases')).toEqual({ page: 'agent-releases' });
    expect(match('/agent-releases/4/')).toEqual({ page: 'agent-release', id: 4 });
    expect(match('/agent-releases/0.2.0').page).toBe('notfound');
    expect(isCurrent('/streams/12', '/streams')).toBe(true);
  });
  it('matches rollouts', () => {
    expect(match('/rollouts')).toEqual({ page: 'rollouts' });
    expect(match('/rollouts/7/')).toEqual({ page: 'rollout', id: 7 });
    expect(match('/rollouts/x').page).toBe('notfound');
    expect(isCurrent('/rollouts/7', '/rollouts')).toBe(true);
  });
  it('marks the navigation entry of a detail page as current', () => {
    expect(isCurrent('/', '/')).toBe(true);
    expect(isCurrent('/models', '/')).toBe(false);
    expect(isCurrent('/models/resnet/versions/3', '/models')).toBe(true);
    expect(isCurrent('/edges/', '/edges')).toBe(true);
    expect(isCurrent('/edgesx', '/edges')).toBe(false);
  });
});

describe('series', () => {
  it('aligns windows to buckets so polls repeat the same URL', () => {
    const a = window(RANGES[0], NOW + 10_000);
    const b = window(RANGES[0], NOW + 50_000);
    expect(a).toEqual(b);
    expect(Date.parse(a.to) - Date.parse(a.from)).toBe(3600_000);
  });
  it('fills empty buckets with zero counts and no score', () => {
    const from = '2026-11-23T11:00:00Z';
    const to = '2026-11-23T11:03:00Z';
    const series = toSeries([{ start: '2026-11-23T11:01:00Z', count: 5, meanScore: 0.8, lowConfidence: 1, failures: 2 }], from, to, 60);
    expect(series.counts).toEqual([0, 5, 0]);
    expect(series.scores).toEqual([null, 0.8, null]);
    expect(series.times[1] - series.times[0]).toBe(60);
    expect(totals([{ start: from, count: 5, meanScore: 0.8, lowConfidence: 1, failures: 2 },
      { start: to, count: 3, meanScore: null, lowConfidence: 2, failures: 0 }])).toEqual({ count: 8, lowConfidence: 3, failures: 2 });
  });
});
