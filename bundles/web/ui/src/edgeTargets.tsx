// Deployment targets on the edge pages: registering an edge a push target reaches, and moving an edge to another
// target. The rules live in edgeLogic.ts.
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api';
import {
  DEFAULT_TARGET, EDGE_API, emptyRegistration, registrationRequest, targetChoices, type PluginInfo, type RegistrationForm,
} from './edgeLogic';
import { formErrors, NO_ERRORS, type FormErrors } from './streamLogic';
import { ErrorText, Field, usePoll } from './widgets';

interface Registered { id: number; name: string; target?: string }

/** An edge no agent enrolls (a cluster, namespace or site a push target reaches): APPROVED at once. */
export function RegisterEdgeForm({ api, onRegistered, onClose }: { api: Api; onRegistered: (edge: Registered) => void; onClose: () => void }) {
  const plugins = usePoll<PluginInfo[]>(api, EDGE_API.targets, null);
  const targets = targetChoices(plugins.data);
  const [form, setForm] = useState<RegistrationForm>(() => emptyRegistration());
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sending, setSending] = useState(false);
  // a push target by default (agents enroll themselves); the agents' target when it is the only one
  useEffect(() => {
    if (form.target || targets.length === 0) return;
    setForm((f) => ({ ...f, target: (targets.find((t) => t.id !== DEFAULT_TARGET) ?? targets[0]).id }));
  }, [plugins.data]);
  const set = (key: keyof RegistrationForm, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const submit = async (e: Event) => {
    e.preventDefault();
    const { request, errors: own } = registrationRequest(form);
    if (!request) {
      setErrors({ detail: null, fields: own });
      return;
    }
    setSending(true);
    try {
      const created = await api.post<Registered>(EDGE_API.edges, request);
      setErrors(NO_ERRORS);
      setForm(emptyRegistration(form.target));
      onRegistered(created);
    } catch (failure) {
      setErrors(formErrors(failure));
    } finally {
      setSending(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} noValidate data-testid="register-edge-form" aria-labelledby="register-edge-title">
      <h2 id="register-edge-title">Register an edge</h2>
      <p class="hint lead">For edges a push target reaches (a cluster, a namespace, a site), not agents: those enroll themselves with a token. The edge is APPROVED at once.</p>
      {errors.detail && <p class="error" role="alert" data-testid="register-edge-error">{errors.detail}</p>}
      <ErrorText error={plugins.error} />
      {plugins.data && targets.length === 0 && <p class="notice">No deployment target is installed; install a target plugin first.</p>}
      <div class="inline">
        <Field label="Name" path="name" errors={errors}>
          <input data-testid="register-edge-name" value={form.name} maxLength={128} onInput={(e) => set('name', e.currentTarget.value)} />
        </Field>
        <Field label="Deployment target" path="target" errors={errors}>
          <select data-testid="register-edge-target" value={form.target} onChange={(e) => set('target', e.currentTarget.value)}>
            {!form.target && <option value="">choose…</option>}
            {targets.map((t) => <option value={t.id}>{t.label}</option>)}
          </select>
        </Field>
        <Field label="Location (optional)" path="location" errors={errors}>
          <input data-testid="register-edge-location" value={form.location} maxLength={256} onInput={(e) => set('location', e.currentTarget.value)} />
        </Field>
        <Field label="Tags (key=value, comma separated)" path="tags" errors={errors}>
          <input data-testid="register-edge-tags" value={form.tags} placeholder="site=plant-1, ring=canary" onInput={(e) => set('tags', e.currentTarget.value)} />
        </Field>
      </div>
      <Field label="Description (optional)" path="description" errors={errors}>
        <input data-testid="register-edge-description" value={form.description} maxLength={1024} onInput={(e) => set('description', e.currentTarget.value)} />
      </Field>
      <span class="actions">
        <button type="submit" data-testid="register-edge-submit" disabled={sending}>{sending ? 'Registering…' : 'Register'}</button>
        <button type="button" class="secondary" onClick={onClose}>Close</button>
      </span>
    </form>
  );
}

/** The target that reaches the edge; MANAGER and ADMIN move it to another installed one. */
export function EdgeTargetPanel({ api, edgeId, target, canEdit, onMoved }: { api: Api; edgeId: number; target: string; canEdit: boolean; onMoved: () => void }) {
  const plugins = usePoll<PluginInfo[]>(api, canEdit ? EDGE_API.targets : null, null);
  const [chosen, setChosen] = useState(target);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  useEffect(() => setChosen(target), [target]);
  // until the installed targets are read, the current one is all there is to show
  const choices = plugins.data ? targetChoices(plugins.data, target) : [{ id: target, label: target, installed: true }];
  const move = async (e: Event) => {
    e.preventDefault();
    setSending(true);
    try {
      await api.patch(EDGE_API.edge(edgeId), { target: chosen });
      setError(null);
      setMessage(`Moved to ${chosen}: the edge's next rollout goes through it.`);
      onMoved();
    } catch (failure) {
      setMessage(null);
      setError(formErrors(failure).detail);
    } finally {
      setSending(false);
    }
  };
  return (
    <section class="panel" data-testid="edge-target" aria-labelledby="edge-target-title">
      <h2 id="edge-target-title">Deployment target</h2>
      <p>Reached by <strong data-testid="edge-target-current">{target}</strong>{target === DEFAULT_TARGET ? ' (an enrolled agent pulls its models)' : ''}.</p>
      {canEdit && (
        <form class="inline" onSubmit={move}>
          <label>Move to<select data-testid="edge-target-select" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
            {choices.map((t) => <option value={t.id} disabled={!t.installed && t.id !== target}>{t.label}</option>)}
          </select></label>
          <button type="submit" data-testid="edge-target-move" disabled={sending || chosen === target}>Move</button>
        </form>
      )}
      <ErrorText error={plugins.error ?? error} />
      {message && <p role="status" data-testid="edge-target-message">{message}</p>}
    </section>
  );
}
