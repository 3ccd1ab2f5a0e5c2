// Rules of the plugin instances page, kept apart from the components so they are unit-tested: the form of a plugin
// type generated from its fields (GET /plugin-types, from the plugin's metatype), the values it sends, secrets that are
// never shown, and the instances grouped by type.

// ---- types of the API (ConfigurableType, ConfigField, PluginInstance; absent values come as null) ----
export type FieldType = 'STRING' | 'INTEGER' | 'LONG' | 'DOUBLE' | 'BOOLEAN' | 'PASSWORD';
export interface PluginOption { value: string; label: string }
export interface PluginField {
  id: string; name: string; description: string | null; type: FieldType; required: boolean; defaults: string[];
  options: PluginOption[];
  /** 0 for one value, otherwise the most values a list may hold (2147483647: no limit) */
  cardinality: number;
  /** said by some servers besides type PASSWORD */
  secret?: boolean;
}
export interface PluginType { factoryPid: string; name: string; description: string | null; bundle: string; fields: PluginField[] }
export interface PluginInstance {
  pid: string; factoryPid: string;
  /** the configured values, never a secret */
  values: Record<string, unknown>;
  /** for each secret: whether it has a value (the value itself is never answered) */
  secretsSet: Record<string, boolean>;
}

export const PLUGIN_API = {
  types: '/api/v1/plugin-types',
  instances: '/api/v1/plugin-instances',
  instance: (pid: string) => `/api/v1/plugin-instances/${encodeURIComponent(pid)}`,
};

/** The field whose value names an instance (and its file etc/<factoryPid>-<id>.cfg); it cannot change. */
export const ID_FIELD = 'id';
const UNLIMITED = 2147483647;

// ---- the form, generated from the type's fields ----
export type InputKind = 'text' | 'integer' | 'number' | 'checkbox' | 'select' | 'secret' | 'list';

export interface FormField {
  id: string;
  label: string;
  kind: InputKind;
  /** the description and what the input takes, as a sentence or two; null when there is nothing to say */
  help: string | null;
  /** a value must be given: the field is required and has no default (the server's rule) */
  needsValue: boolean;
  hasDefault: boolean;
  /** what the form starts with: a checkbox's boolean, or the text of an input or select ("" when no default) */
  initial: string | boolean;
  options: PluginOption[];
  step?: string;
}

export type PluginFormValues = Record<string, string | boolean>;
export interface PluginForm {
  values: PluginFormValues;
  /** secrets to clear (sent as "") */
  clear: string[];
}

export const isSecret = (field: Pick<PluginField, 'type' | 'secret'>) => field.type === 'PASSWORD' || field.secret === true;

function kindOf(field: PluginField): InputKind {
  if (isSecret(field)) return 'secret';
  if (field.cardinality > 0) return 'list';
  if (field.options.length > 0) return 'select';
  if (field.type === 'BOOLEAN') return 'checkbox';
  if (field.type === 'INTEGER' || field.type === 'LONG') return 'integer';
  if (field.type === 'DOUBLE') return 'number';
  return 'text';
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function helpText(field: PluginField, kind: InputKind): string | null {
  const parts: string[] = [];
  if (field.description?.trim()) parts.push(sentence(field.description.trim()));
  if (kind === 'list') {
    parts.push(field.cardinality >= UNLIMITED ? 'Several values, comma separated.' : `Up to ${field.cardinality} values, comma separated.`);
    if (field.options.length > 0) parts.push(`Each one of ${field.options.map((o) => o.value).join(', ')}.`);
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

/** One form field per setting of the type, in the metatype's order. */
export function formFields(type: PluginType): FormField[] {
  return type.fields.map((field) => {
    const kind = kindOf(field);
    const hasDefault = field.defaults.length > 0;
    let initial: string | boolean;
    if (kind === 'checkbox') initial = (field.defaults[0] ?? '').toLowerCase() === 'true';
    else if (kind === 'secret') initial = '';
    else if (kind === 'list') initial = field.defaults.join(', ');
    else initial = field.defaults[0] ?? '';
    return {
      id: field.id, label: field.name?.trim() || field.id, kind, help: helpText(field, kind),
      needsValue: field.required && !hasDefault, hasDefault, initial, options: field.options,
      ...(kind === 'integer' ? { step: '1' } : kind === 'number' ? { step: 'any' } : {}),
    };
  });
}

/** A stored value as the form's text: lists comma separated. */
function asText(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  return String(value);
}

/** The form's values: the instance's own where it has them (editing), the type's defaults elsewhere; secrets blank. */
export function initialForm(fields: FormField[], instance?: PluginInstance | null): PluginForm {
  const values: PluginFormValues = {};
  for (const field of fields) {
    const own = instance?.values[field.id];
    if (field.kind === 'secret' || own === undefined || own === null) values[field.id] = field.initial;
    else if (field.kind === 'checkbox') values[field.id] = own === true || String(own).toLowerCase() === 'true';
    else values[field.id] = asText(own);
  }
  return { values, clear: [] };
}

/** Whether a secret of the instance has a value; false when creating. */
export function secretSet(instance: PluginInstance | null | undefined, id: string): boolean {
  return instance?.secretsSet[id] === true;
}

/** A number typed as text: a JSON number when it is one exactly, else the text, for the server to judge in its words. */
function numeric(text: string, whole: boolean): number | string {
  if (whole) return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : text;
}

/**
 * The `values` of POST /plugin-instances and PUT /plugin-instances/{pid}, and what the form refuses before asking,
 * keyed by field id like the server's messages. Empty inputs are left out, so the plugin's default applies; a field
 * that needs a value and has none is refused here as the server would. Secrets left blank are left out: unchanged
 * when editing (the server keeps a secret that is not sent), and cleared only when asked to ("").
 */
export function instanceValues(fields: FormField[], form: PluginForm, instance?: PluginInstance | null):
  { values: Record<string, unknown>; errors: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = form.values[field.id];
    if (field.kind === 'checkbox') {
      values[field.id] = value === true;
      continue;
    }
    if (field.kind === 'secret') {
      const secret = typeof value === 'string' ? value : '';
      if (secret !== '') values[field.id] = secret;
      else if (form.clear.includes(field.id)) values[field.id] = '';
      else if (field.needsValue && !secretSet(instance, field.id)) errors[field.id] = 'is required';
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') {
      if (field.needsValue) errors[field.id] = 'is required';
      continue;
    }
    if (field.kind === 'list') {
      const items = text.split(',').map((s) => s.trim()).filter(Boolean);
      if (items.length > 0) values[field.id] = items;
      else if (field.needsValue) errors[field.id] = 'is required';
    } else if (field.kind === 'integer' || field.kind === 'number') {
      values[field.id] = numeric(text, field.kind === 'integer');
    } else {
      values[field.id] = text;
    }
  }
  return { values, errors };
}

/** Messages whose field the form does not show (an unknown setting), listed on top rather than lost. */
export function unplacedFieldErrors(errors: Record<string, string>, fields: FormField[]): [string, string][] {
  const placed = new Set(fields.map((f) => f.id));
  return Object.entries(errors).filter(([id]) => !placed.has(id));
}

// ---- the list ----
/** The instance's name: its id setting, else what follows "~" in its PID. */
export function instanceName(instance: PluginInstance): string {
  const id = instance.values[ID_FIELD];
  if (typeof id === 'string' && id !== '') return id;
  const at = instance.pid.indexOf('~');
  return at >= 0 ? instance.pid.slice(at + 1) : instance.pid;
}

export interface InstanceGroup { factoryPid: string; name: string; description: string | null; type: PluginType | null; instances: PluginInstance[] }

/**
 * Every type with its instances sorted by name, in the order of the types; instances of a type the server no longer
 * describes (its plugin is being removed) come last under their factory PID.
 */
export function groupInstances(types: PluginType[], instances: PluginInstance[]): InstanceGroup[] {
  const groups = new Map<string, InstanceGroup>();
  for (const type of types) groups.set(type.factoryPid, { factoryPid: type.factoryPid, name: type.name, description: type.description, type, instances: [] });
  for (const instance of instances) {
    let group = groups.get(instance.factoryPid);
    if (!group) {
      group = { factoryPid: instance.factoryPid, name: instance.factoryPid, description: null, type: null, instances: [] };
      groups.set(instance.factoryPid, group);
    }
    group.instances.push(instance);
  }
  for (const group of groups.values()) group.instances.sort((a, b) => instanceName(a).localeCompare(instanceName(b)));
  return [...groups.values()];
}

/** A stored value in words (lists comma separated). */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return asText(value);
}

/**
 * The settings worth showing in the list: the non-secret values other than the id that differ from the type's
 * defaults, in the form's order (values the type does not describe last).
 */
export function shownSettings(instance: PluginInstance, type: PluginType | null): [string, string][] {
  const byId = new Map((type?.fields ?? []).map((f) => [f.id, f]));
  const order = [...byId.keys(), ...Object.keys(instance.values).filter((k) => !byId.has(k))];
  const shown: [string, string][] = [];
  for (const id of order) {
    if (id === ID_FIELD || !(id in instance.values)) continue;
    const field = byId.get(id);
    if ((field && isSecret(field)) || id in instance.secretsSet) continue;
    const text = valueText(instance.values[id]);
    if (field && text === field.defaults.join(', ')) continue;
    shown.push([field?.name?.trim() || id, text]);
  }
  return shown;
}

/** Each secret of the instance (those of the type, then any other it reports) with its label and whether it is set. */
export function secretStates(instance: PluginInstance, type: PluginType | null): { id: string; label: string; set: boolean }[] {
  const secrets = (type?.fields ?? []).filter(isSecret).map((f) => ({ id: f.id, label: f.name?.trim() || f.id, set: instance.secretsSet[f.id] === true }));
  const known = new Set(secrets.map((s) => s.id));
  for (const [id, set] of Object.entries(instance.secretsSet)) if (!known.has(id)) secrets.push({ id, label: id, set: set === true });
  return secrets;
}
