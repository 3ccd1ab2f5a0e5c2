import { describe, expect, it } from 'vitest';
import { parseTags, registrationRequest, targetChoices, type PluginInfo } from './edgeLogic';

const plugin = (id: string, kind = 'DEPLOYMENT_TARGET', displayName = id): PluginInfo => ({ kind, id, displayName, version: '1', state: 'ACTIVE' });

describe('deployment targets', () => {
  it('offers the installed targets by id, and an edge\'s own even when it is not installed', () => {
    const plugins = [plugin('k8s-eu', 'DEPLOYMENT_TARGET', 'Kubernetes (eu)'), plugin('edge-agent'), plugin('local', 'TRAINING_BACKEND')];
    expect(targetChoices(plugins)).toEqual([
      { id: 'edge-agent', label: 'edge-agent', installed: true },
      { id: 'k8s-eu', label: 'k8s-eu — Kubernetes (eu)', installed: true },
    ]);
    expect(targetChoices(plugins, 'gitops').at(-1)).toEqual({ id: 'gitops', label: 'gitops (not installed)', installed: false });
    expect(targetChoices(plugins, 'k8s-eu')).toHaveLength(2);
    expect(targetChoices(null, 'edge-agent')).toEqual([{ id: 'edge-agent', label: 'edge-agent (not installed)', installed: false }]);
  });
});

describe('registering an edge', () => {
  it('parses tags', () => {
    expect(parseTags('site=plant-1, line = 3 ,ring=')).toEqual({ tags: { site: 'plant-1', line: '3', ring: '' }, error: null });
    expect(parseTags('')).toEqual({ tags: {}, error: null });
    expect(parseTags('a=b=c').tags).toEqual({ a: 'b=c' });
    expect(parseTags('=x').error).toMatch(/no key/);
    expect(parseTags('a=1, a=2').error).toMatch(/twice/);
  });
  it('builds the request or says what is missing', () => {
    const form = { name: ' cluster-eu ', target: 'k8s-eu', location: '', description: ' Frankfurt ', tags: 'site=fra' };
    expect(registrationRequest(form)).toEqual({
      request: { name: 'cluster-eu', description: 'Frankfurt', location: null, tags: { site: 'fra' }, target: 'k8s-eu' }, errors: {},
    });
    const bad = registrationRequest({ name: '-x', target: '', location: '', description: '', tags: 'a=1,a=2' });
    expect(bad.request).toBeNull();
    expect(Object.keys(bad.errors).sort()).toEqual(['name', 'tags', 'target']);
    expect(registrationRequest({ ...form, name: '' }).errors.name).toMatch(/name/);
  });
});
