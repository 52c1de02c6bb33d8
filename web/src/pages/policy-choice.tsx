import { useState } from 'react';
import { api, ok } from '../api';
import { Loading, when } from '../components/feedback';
import { useLoad } from '../use-load';

/** The option that opens the name field; Teams policy names carry no parentheses like these. */
const ANOTHER = '(another)';

function whereFrom(known: { policies: unknown[]; readAt: string | null } | null): string {
  if (!known?.readAt)
    return 'Teams shows a policy only once a user holds it, and Microsoft 365 has not been read yet.';
  const read = when(known.readAt);
  return known.policies.length > 0
    ? `Teams shows a policy only once a user holds it: these were held when Microsoft 365 was read, ${read}.`
    : `No Teams user held a voice routing policy when Microsoft 365 was read, ${read}: name it as Teams does.`;
}

/**
 * The voice routing policy, chosen from those Teams users hold (Graph lists policies no other way),
 * or named by hand. The form reads the choice from the `policy` field.
 */
export function PolicyChoice(props: { tenantId: string; current: string | null }) {
  const known = useLoad(
    () =>
      ok(
        api.GET('/api/v1/tenants/{id}/voice-routing-policies', {
          params: { path: { id: props.tenantId } },
        }),
      ),
    props.tenantId,
  );
  const policies = known.data?.policies ?? [];
  const current = props.current ?? '';
  const listed = policies.some((p) => p.name === current);
  const [choice, setChoice] = useState<string | null>(null);
  const [typed, setTyped] = useState(current);
  // Until the admin picks: the current policy, in the list when Teams users hold it, else typed.
  const selected = choice ?? (listed || !current ? current : ANOTHER);
  const byHand = policies.length === 0 || selected === ANOTHER;
  if (!known.data && known.loading) return <Loading what="the policies Teams users hold" />;

  return (
    <div className="field-group">
      {policies.length > 0 ? (
        <label>
          Voice routing policy
          <select value={selected} onChange={(e) => setChoice(e.target.value)}>
            {current ? null : <option value="">Choose a policy</option>}
            {policies.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name} ({p.users} {p.users === 1 ? 'user holds it' : 'users hold it'})
              </option>
            ))}
            <option value={ANOTHER}>Another policy, named by hand…</option>
          </select>
        </label>
      ) : null}
      {byHand ? (
        <label>
          {policies.length > 0
            ? 'Policy name, as in Teams'
            : 'Voice routing policy, as named in Teams'}
          <input
            name="policy"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            maxLength={200}
          />
        </label>
      ) : (
        <input type="hidden" name="policy" value={selected} />
      )}
      <p className="muted">{whereFrom(known.data)} The preview checks that Teams has the policy.</p>
    </div>
  );
}
