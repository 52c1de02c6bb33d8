import { type FormEvent } from 'react';
import { api, ok } from '../api';
import { ErrorNote, Loading, Notice } from '../components/feedback';
import { useMe } from '../session';
import { PersonFields, personFrom } from '../components/person-fields';
import { useChange } from '../use-action';
import { useLoad } from '../use-load';
import { OperatorActions } from './operator-actions';
import { statusWords } from './people-words';

const ROLE_WORDS = {
  provider_admin: 'Provider admin',
  tenant_admin: 'Tenant admin',
  member: 'Member (read-only)',
} as const;

/**
 * Everyone who can sign in, for the provider's admins: invite another provider admin, send a new
 * invitation, deactivate and reactivate, delete and restore. Tenant admins and members are managed
 * on each tenant's Admins tab.
 */
export function Operators() {
  const me = useMe();
  const people = useLoad(() => ok(api.GET('/api/v1/operators')), 'operators');
  const tenants = useLoad(() => ok(api.GET('/api/v1/tenants')), 'operator-tenants');
  const names = new Map((tenants.data ?? []).map((t) => [t.id, t.name]));
  const { error, notice, act } = useChange(() => people.reload());
  const invite = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    return act('invite', async () => {
      const added = await ok(
        api.POST('/api/v1/operators', {
          body: {
            ...personFrom(f),
            role: 'provider_admin',
            tenantIds: [],
          },
        }),
      );
      form.reset();
      return `Invitation sent to ${added.operator.email}.`;
    });
  };
  return (
    <section>
      <h1>Operators</h1>
      <p className="muted">
        Everyone who can sign in. Tenant admins and members are invited on each tenant&apos;s Admins
        tab.
      </p>
      <ErrorNote error={error ?? people.error} />
      {notice ? <Notice>{notice}</Notice> : null}
      {!people.data ? (
        <Loading what="operators" />
      ) : (
        <div className="table-wrap">
          <table data-testid="operators">
            <caption className="sr-only">Operators</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail address</th>
                <th scope="col">Role</th>
                <th scope="col">Tenants</th>
                <th scope="col">Status</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {people.data.map((p) => (
                <tr key={p.id} data-operator={p.email}>
                  <td>
                    {p.firstName} {p.lastName}
                  </td>
                  <td>{p.email}</td>
                  <td>{ROLE_WORDS[p.role]}</td>
                  <td>
                    {p.role === 'provider_admin'
                      ? 'All'
                      : p.tenantIds.map((id) => names.get(id) ?? id).join(', ') || '—'}
                  </td>
                  <td>{statusWords(p)}</td>
                  <td>{p.id === me.id ? 'You' : <OperatorActions person={p} act={act} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={invite} className="stacked" aria-label="Invite a provider admin">
        <fieldset>
          <legend>Invite a provider admin</legend>
          <PersonFields />
          <button type="submit">Send invitation</button>
        </fieldset>
      </form>
    </section>
  );
}
