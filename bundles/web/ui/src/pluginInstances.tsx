// The plugin instances page: the configured instances of factory-configured plugins (data sources, training backends,
// deployment targets) grouped by type, and for administrators a form generated from the type's settings to create,
// change and delete them. Secrets are write-only. The rules live in pluginInstanceLogic.ts.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Api, Role } from './api';
import {
  formFields, groupInstances, ID_FIELD, initialForm, instanceName, instanceValues, PLUGIN_API, secretSet, secretStates,
  shownSettings, unplacedFieldErrors, type FormField, type PluginForm, type PluginInstance, type PluginType,
} from './pluginInstanceLogic';
import { can } from './roles';
import { formErrors, NO_ERRORS, type FormErrors } from './streamLogic';
import { ErrorText, Field, Link, Progress, usePoll } from './widgets';

type Mode = { kind: 'list' } | { kind: 'create' } | { kind: 'edit'; instance: PluginInstance } | { kind: 'delete'; instance: PluginInstance };

export function PluginInstances({ api, role }: { api: Api; role: Role }) {
  const types = usePoll<PluginType[]>(api, PLUGIN_API.types);
  const instances = usePoll<PluginInstance[]>(api, PLUGIN_API.instances);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const admin = can.configurePlugins(role);
  const groups = useMemo(() => groupInstances(types.data ?? [], instances.data ?? []), [types.data, instances.data]);

  const open = (next: Mode) => {
    setMessage(null);
    setFailure(null);
    setMode(next);
  };
  const done = (text: string) => {
    setMode({ kind: 'list' });
    setFailure(null);
    setMessage(text);
    instances.reload();
  };
  const remove = async (instance: PluginInstance) => {
    try {
      await api.del(PLUGIN_API.instance(instance.pid));
      done(`Deleted ${instanceName(instance)}.`);
    } catch (e) {
      setFailure((e as Error).message);
    }
  };

  const editing = mode.kind === 'edit' ? mode.instance : null;
  return (
    <>
      <h1>Plugin instances {admin && mode.kind === 'list' && types.data && types.data.length > 0 && (
        <button type="button" data-testid="plugin-instance-new" onClick={() => open({ kind: 'create' })}>New instance</button>)}</h1>
      <p class="hint lead">The settings of the data sources, training backends and deployment targets that are configured per instance
        (one file <code>etc/&lt;factory PID&gt;-&lt;id&gt;.cfg</code> each); the forms come from the plugins themselves. Installed plugins
        are on the <Link to="/plugins">Plugins</Link> page. Secrets are never shown, only whether they are set.
        {!admin && ' Changing instances needs the ADMIN role.'}</p>
      {message && <p role="status" data-testid="plugin-instance-message">{message}</p>}
      <ErrorText error={failure ?? types.error ?? instances.error} />
      {admin && mode.kind === 'create' && types.data && (
        <InstanceForm api={api} types={types.data} onCancel={() => setMode({ kind: 'list' })}
          onSaved={(saved) => done(`Created ${instanceName(saved)}.`)} />
      )}
      {(!types.data || !instances.data) && !types.error && !instances.error && <Progress />}
      {types.data && instances.data && groups.length === 0 && (
        <p class="empty" data-testid="plugin-instances-empty">No installed plugin is configured per instance. Install one as a Karaf feature; its form appears here.</p>
      )}
      {types.data && instances.data && groups.map((group) => (
        <section class="panel" data-testid={`plugin-type-${group.factoryPid}`} aria-label={group.name}>
          <header class="panel-head">
            <h2>{group.name} <span class="hint">{group.factoryPid}</span></h2>
          </header>
          {group.description && <p class="hint">{group.description}</p>}
          {group.instances.length === 0 ? <p class="empty">No instances.</p> : (
            <table>
              <thead><tr><th>Instance</th><th>Settings (other than the defaults)</th><th>Secrets</th>{admin && <th>Actions</th>}</tr></thead>
              <tbody>{group.instances.map((instance) => {
                const name = instanceName(instance);
                return (
                  <tr data-testid={`plugin-instance-row-${name}`}>
                    <td>{name}<div class="hint">{instance.pid}</div></td>
                    <td data-testid={`plugin-instance-settings-${name}`}>{shownSettings(instance, group.type).map(([key, value]) => <span class="tag">{key}={value}</span>)}</td>
                    <td>{secretStates(instance, group.type).map((s) => (
                      <span class="tag" data-testid={`plugin-instance-secret-${name}-${s.id}`}>{s.label}: {s.set ? 'set' : 'unset'}</span>
                    ))}</td>
                    {admin && (
                      <td><span class="actions">
                        <button type="button" class="secondary" data-testid={`plugin-instance-edit-${name}`} disabled={!group.type}
                          onClick={() => open({ kind: 'edit', instance })}>Edit</button>
                        <button type="button" class="secondary" data-testid={`plugin-instance-delete-${name}`}
                          onClick={() => open({ kind: 'delete', instance })}>Delete</button>
                      </span></td>
                    )}
                  </tr>
                );
              })}</tbody>
            </table>
          )}
          {admin && editing?.factoryPid === group.factoryPid && (group.type ? (
            <InstanceForm key={editing.pid} api={api} types={[group.type]} instance={editing} onCancel={() => setMode({ kind: 'list' })}
              onSaved={(saved) => done(`Saved ${instanceName(saved)}.`)} />
          ) : <p class="notice" role="alert">The plugin of {editing.pid} no longer describes its settings; install it again to change them.</p>)}
          {admin && mode.kind === 'delete' && mode.instance.factoryPid === group.factoryPid && (
            <Reveal>
              <p class="notice" role="alertdialog" data-testid="plugin-instance-delete-confirm">
                Delete {instanceName(mode.instance)} ({group.name})? The plugin stops using it and its file in etc goes with it.{' '}
                <span class="actions">
                  <button type="button" data-testid="plugin-instance-delete-yes" onClick={() => remove(mode.instance)}>Delete</button>
                  <button type="button" class="secondary" onClick={() => setMode({ kind: 'list' })}>Keep it</button>
                </span>
              </p>
            </Reveal>
          )}
        </section>
      ))}
    </>
  );
}

/** Its children, scrolled into view when they appear (a form or a question opened from a row further down). */
function Reveal({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.scrollIntoView?.({ block: 'nearest' }), []);
  return <div ref={ref}>{children}</div>;
}

/** Creates an instance of a type chosen from `types`, or changes `instance` (its type is the only one in `types`). */
function InstanceForm({ api, types, instance, onSaved, onCancel }: {
  api: Api; types: PluginType[]; instance?: PluginInstance; onSaved: (saved: PluginInstance) => void; onCancel: () => void;
}) {
  const [factoryPid, setFactoryPid] = useState(instance?.factoryPid ?? (types.length === 1 ? types[0].factoryPid : ''));
  const type = types.find((t) => t.factoryPid === factoryPid) ?? null;
  const fields = useMemo(() => (type ? formFields(type) : []), [type]);
  const [form, setForm] = useState<PluginForm>(() => initialForm(fields, instance));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sending, setSending] = useState(false);

  const choose = (next: string) => {
    const chosen = types.find((t) => t.factoryPid === next);
    setFactoryPid(next);
    setForm(initialForm(chosen ? formFields(chosen) : []));
    setErrors(NO_ERRORS);
  };
  const set = (id: string, value: string | boolean) => {
    setForm((f) => ({ ...f, values: { ...f.values, [id]: value } }));
    setErrors((e) => {
      if (!(id in e.fields)) return e;
      const { [id]: _gone, ...rest } = e.fields;
      return { ...e, fields: rest };
    });
  };
  const toggleClear = (id: string, clear: boolean) => setForm((f) => ({ ...f, clear: clear ? [...f.clear, id] : f.clear.filter((c) => c !== id) }));
  const save = async (e: Event) => {
    e.preventDefault();
    if (!type) {
      setErrors({ detail: null, fields: { factoryPid: 'choose the kind of plugin' } });
      return;
    }
    const { values, errors: own } = instanceValues(fields, form, instance);
    if (Object.keys(own).length > 0) {
      setErrors({ detail: 'Some settings are missing; see the fields marked.', fields: own });
      return;
    }
    setSending(true);
    try {
      const saved = instance
        ? await api.put<PluginInstance>(PLUGIN_API.instance(instance.pid), { values })
        : await api.post<PluginInstance>(PLUGIN_API.instances, { factoryPid: type.factoryPid, values });
      onSaved(saved);
    } catch (failure) {
      setErrors(formErrors(failure));
      setSending(false);
    }
  };

  const others = unplacedFieldErrors(errors.fields, fields).filter(([id]) => id !== 'factoryPid');
  const title = instance ? `Edit ${instanceName(instance)}` : 'New plugin instance';
  return (
    <Reveal><form class="panel stream-form plugin-form" onSubmit={save} noValidate data-testid="plugin-instance-form" aria-labelledby="plugin-instance-form-title">
      <h2 id="plugin-instance-form-title">{title}</h2>
      {errors.detail && <p class="error" role="alert" data-testid="plugin-instance-error">{errors.detail}</p>}
      {others.length > 0 && <ul class="error" data-testid="plugin-instance-other-errors">{others.map(([id, text]) => <li><code>{id}</code> {text}</li>)}</ul>}
      {instance ? <p class="hint lead">{type?.name} · {instance.pid}</p> : (
        <div class="inline">
          <Field label="Kind of plugin" path="factoryPid" errors={errors} help={type?.description ?? undefined}>
            <select data-testid="plugin-type-select" value={factoryPid} onChange={(e) => choose(e.currentTarget.value)}>
              <option value="">choose…</option>
              {types.map((t) => <option value={t.factoryPid}>{t.name} ({t.factoryPid})</option>)}
            </select>
          </Field>
        </div>
      )}
      {type && fields.length === 0 && <p class="hint">This plugin has no settings.</p>}
      {type && fields.length > 0 && (
        <>
          <p class="hint">Fields marked * need a value; the others start with the plugin's default, used again when left empty.</p>
          <div class="param-grid">{fields.map((field) => (
            <SettingInput field={field} form={form} errors={errors} editing={!!instance} secretIsSet={secretSet(instance, field.id)}
              onChange={(value) => set(field.id, value)} onClear={(clear) => toggleClear(field.id, clear)} />
          ))}</div>
        </>
      )}
      <span class="actions">
        <button type="submit" data-testid="plugin-instance-save" disabled={sending || !type}>{sending ? 'Saving…' : instance ? 'Save' : 'Create'}</button>
        <button type="button" class="secondary" onClick={onCancel}>Cancel</button>
      </span>
    </form></Reveal>
  );
}

function SettingInput({ field, form, errors, editing, secretIsSet, onChange, onClear }: {
  field: FormField; form: PluginForm; errors: FormErrors; editing: boolean; secretIsSet: boolean;
  onChange: (value: string | boolean) => void; onClear: (clear: boolean) => void;
}) {
  const value = form.values[field.id];
  const invalid = !!errors.fields[field.id];
  const testId = `plugin-field-${field.id}`;
  if (field.kind === 'checkbox') {
    return (
      <Field label={<span class="check-label"><input type="checkbox" data-testid={testId} checked={value === true} aria-invalid={invalid}
        onChange={(e) => onChange(e.currentTarget.checked)} /> {field.label}</span>} path={field.id} errors={errors} help={field.help ?? undefined}>
        {null}
      </Field>
    );
  }
  const text = typeof value === 'string' ? value : '';
  const label = <>{field.label}{field.needsValue && <span aria-hidden="true"> *</span>}</>;
  if (field.kind === 'secret') {
    const clearing = form.clear.includes(field.id);
    const state = editing ? (
      <>
        Now <span data-testid={`plugin-secret-state-${field.id}`}>{secretIsSet ? 'set' : 'unset'}</span>
        {secretIsSet ? '; leave blank to keep it.' : '.'}{field.help ? ` ${field.help}` : ''}
      </>
    ) : field.help ?? undefined;
    return (
      <Field label={label} path={field.id} errors={errors} help={state}>
        <input type="password" autoComplete="new-password" data-testid={testId} value={text} disabled={clearing} aria-invalid={invalid}
          placeholder={editing && secretIsSet ? 'unchanged' : ''} onInput={(e) => onChange(e.currentTarget.value)} />
        {editing && secretIsSet && !field.needsValue && (
          <span class="check-label"><input type="checkbox" data-testid={`plugin-secret-clear-${field.id}`} checked={clearing}
            onChange={(e) => { onClear(e.currentTarget.checked); if (e.currentTarget.checked) onChange(''); }} /> clear it</span>
        )}
      </Field>
    );
  }
  if (field.kind === 'select') {
    return (
      <Field label={label} path={field.id} errors={errors} help={field.help ?? undefined}>
        <select data-testid={testId} value={text} aria-invalid={invalid} onChange={(e) => onChange(e.currentTarget.value)}>
          {(!field.hasDefault || text === '') && <option value="">{field.needsValue ? 'choose…' : 'default'}</option>}
          {field.options.map((o) => <option value={o.value}>{o.label}</option>)}
        </select>
      </Field>
    );
  }
  const number = field.kind === 'integer' || field.kind === 'number';
  // the id names the instance and its file: it is chosen once
  const fixed = editing && field.id === ID_FIELD;
  return (
    <Field label={label} path={field.id} errors={errors} help={fixed ? 'Names the instance; it cannot change.' : field.help ?? undefined}>
      <input type={number ? 'number' : 'text'} step={field.step} data-testid={testId} value={text} disabled={fixed} aria-invalid={invalid}
        placeholder={field.hasDefault && typeof field.initial === 'string' && field.initial !== '' ? `default ${field.initial}` : ''}
        onInput={(e) => onChange(e.currentTarget.value)} />
    </Field>
  );
}
