import { type FormEvent, useState } from 'react';
import { api, ok, type Schemas } from '../api';
import { ErrorNote, when } from '../components/feedback';
import { useAction } from '../use-action';

type Tenant = Schemas['TenantView'];

/**
 * Deleting a tenant, for the provider's admins: what it does, what becomes of Teams, and the
 * tenant's name typed to confirm. Releasing the numbers names how many go.
 */
export function DeleteTenant(props: { tenant: Tenant; syncedUsers: number; onDone: () => void }) {
  const { busy, error, run } = useAction();
  const [typed, setTyped] = useState('');
  const [teams, setTeams] = useState<'leave' | 'release'>('leave');
  const connected = props.tenant.consent.state === 'granted';
  const remove = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    return run('delete', async () => {
      await ok(
        api.DELETE('/api/v1/tenants/{id}', {
          params: {
            path: { id: props.tenant.id },
            query:
              teams === 'release'
                ? { teams, confirmRemovals: props.syncedUsers }
                : { teams: 'leave' },
          },
        }),
      );
      props.onDone();
    });
  };
  return (
    <>
      <h2>Delete this tenant</h2>
      <form onSubmit={remove} className="stacked" aria-label="Delete this tenant">
        <fieldset>
          <p>
            Its schedules stop, no run can start, and its Microsoft 365 tenant is released so that
            another tenant can connect it. You can restore it with its settings and mappings for 30
            days; then it is purged.
          </p>
          <fieldset>
            <legend>Teams</legend>
            <label className="inline">
              <input
                type="radio"
                name="teams"
                checked={teams === 'leave'}
                onChange={() => setTeams('leave')}
              />
              Leave Teams as it is: the numbers stay assigned
            </label>
            <label className="inline">
              <input
                type="radio"
                name="teams"
                disabled={!connected}
                checked={teams === 'release'}
                onChange={() => setTeams('release')}
              />
              Release the numbers of the {props.syncedUsers} synced users, and their voice routing
              policy
            </label>
          </fieldset>
          <label>
            Type the tenant&apos;s name, {props.tenant.name}, to confirm
            <input name="confirm" value={typed} onChange={(e) => setTyped(e.target.value)} />
          </label>
          <button
            type="submit"
            className="danger"
            disabled={typed.trim() !== props.tenant.name || busy === 'delete'}
          >
            Delete tenant
          </button>
        </fieldset>
      </form>
      <ErrorNote error={error} />
    </>
  );
}

/** The banner of a deleted tenant, with its restore. */
export function DeletedBanner(props: { tenant: Tenant; onDone: () => void }) {
  const { busy, error, run } = useAction();
  const deletion = props.tenant.deletion!;
  const restore = () =>
    run('restore', async () => {
      await ok(
        api.POST('/api/v1/tenants/{id}/restore', { params: { path: { id: props.tenant.id } } }),
      );
      props.onDone();
    });
  return (
    <div className="error" role="status" data-testid="deleted-banner">
      <p>
        Deleted on {when(deletion.deletedAt)}. It can be restored until{' '}
        {when(deletion.restorableUntil)}, and is purged after.
      </p>
      <button type="button" onClick={restore} disabled={busy === 'restore'}>
        Restore tenant
      </button>
      <ErrorNote error={error} />
    </div>
  );
}
