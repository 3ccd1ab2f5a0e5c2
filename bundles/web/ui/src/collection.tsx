// The data-collection panel of the edge page and the stream page: which inputs edges send back with their results, to
// become training data. One component for both; the rules are in collectionLogic.ts.
import type { Api } from './api';
import {
  describeForm, describePolicy, formFromPolicy, MODES, policyRequest, sameForm, unplacedPolicyErrors,
  type CollectionForm, type CollectionMode, type PolicyView,
} from './collectionLogic';
import { ErrorText, Field, FormProblems, Progress, SaveClearActions, useSettingsForm } from './widgets';

const TEXT = {
  edge: {
    lead: 'Which inputs this edge sends back with its results, to become training data. A policy set here wins over the '
      + "policy of the stream whose model the edge runs; the server pushes it to the agent with the edge's desired state.",
    unset: "No policy of its own: the edge follows its stream's policy, or, when the stream sets none, the agent's own settings.",
  },
  stream: {
    lead: "Which inputs edges send back with their results, to become training data. Applies to edges running this stream's "
      + 'models unless they set their own.',
    unset: "No policy: edges running this stream's models follow their own policy, or, without one, their agent's own settings.",
  },
};

/**
 * The policy set at one level (`path`: an edge's or a stream's collection-policy resource), described in words, with a
 * form to set or clear it for those allowed to (`canEdit`); others see the policy only. `modelThreshold`, when known
 * (a stream's confidence threshold), makes a LOW_CONFIDENCE policy without a threshold of its own concrete.
 */
export function CollectionPolicyPanel({ api, path, scope, canEdit, modelThreshold }: {
  api: Api; path: string; scope: 'edge' | 'stream'; canEdit: boolean; modelThreshold?: number | null;
}) {
  const { data, error, form, errors, message, sending, set, save, clear } = useSettingsForm<PolicyView, CollectionForm>(api, path, {
    toForm: (view) => formFromPolicy(view?.policy),
    same: sameForm,
    request: policyRequest,
    savedText: (saved) => `Saved: ${saved?.policy ? describePolicy(saved.policy, modelThreshold) : 'no policy'}.`,
    // another mode makes the last answer moot
    resetsErrors: 'mode',
  });
  const text = TEXT[scope];
  const policy = data?.policy ?? null;

  const others = form ? unplacedPolicyErrors(errors, form.mode) : [];
  const preview = form ? describeForm(form, modelThreshold) : null;
  return (
    <section class="panel collection" data-testid="collection-policy" aria-labelledby={`collection-${scope}-title`}>
      <h2 id={`collection-${scope}-title`}>Data collection</h2>
      <p class="hint lead">{text.lead}</p>
      <ErrorText error={error} />
      {!data && !error && <Progress />}
      {data && (
        <p class="collection-current" data-testid="collection-current">
          {policy ? <><span class="hint">Set here: </span><strong>{describePolicy(policy, modelThreshold)}</strong></> : <span data-testid="collection-unset">{text.unset}</span>}
        </p>
      )}
      {data && !canEdit && <p class="hint">Changing it needs the MANAGER role.</p>}
      {canEdit && form && (
        <form onSubmit={save} noValidate data-testid="collection-form" aria-label={`Data collection policy of this ${scope}`}>
          <FormProblems errors={errors} others={others} testId="collection" />
          <div class="inline">
            <Field label="Send back" path="mode" errors={errors}>
              <select data-testid="collection-mode" value={form.mode} aria-invalid={!!errors.fields.mode}
                onChange={(e) => set('mode', e.currentTarget.value as CollectionMode)}>
                {form.mode === '' && <option value="">choose…</option>}
                {MODES.map((m) => <option value={m.value}>{m.label}</option>)}
              </select>
            </Field>
            {form.mode === 'LOW_CONFIDENCE' && (
              <Field label="Below score (optional)" path="threshold" errors={errors}
                help={<>0 to 1: inputs scoring below it, or without a score, are sent. Empty: the model's confidence threshold
                  {modelThreshold != null ? ` (${modelThreshold})` : ''}.</>}>
                <input type="number" step="any" min={0} max={1} data-testid="collection-threshold" value={form.threshold}
                  placeholder={modelThreshold != null ? String(modelThreshold) : "model's"} aria-invalid={!!errors.fields.threshold}
                  onInput={(e) => set('threshold', e.currentTarget.value)} />
              </Field>
            )}
            {form.mode === 'RATE' && (
              <Field label="Share of inputs" path="rate" errors={errors} help="More than 0, at most 1: 0.05 sends 5 % of inputs, picked at random.">
                <input type="number" step="any" min={0} max={1} data-testid="collection-rate" value={form.rate} placeholder="0.05"
                  aria-invalid={!!errors.fields.rate} onInput={(e) => set('rate', e.currentTarget.value)} />
              </Field>
            )}
          </div>
          {preview && !sameForm(form, formFromPolicy(policy)) && <p class="hint" data-testid="collection-preview">Will send: {preview}</p>}
          <SaveClearActions testId="collection" sending={sending} canClear={!!policy} clearTitle="No policy is set here" message={message} onClear={clear} />
        </form>
      )}
    </section>
  );
}
