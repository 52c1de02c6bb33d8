import { useState } from 'react';
import { api, ok, type Schemas } from '../api';
import { Choice } from '../components/choice';
import { ErrorNote, Loading } from '../components/feedback';
import { Pager } from '../components/pager';
import { useLoad } from '../use-load';

type State = Schemas['TenantUserView']['state'];
const STATES: Record<State, string> = {
  synced: 'Synced',
  pending: 'Pending',
  failed: 'Failed',
  blocked: 'Blocked',
  conflict: 'Conflict',
  unmatched: 'Unmatched',
  removed: 'Removed',
};

/** Each PBX user: the Teams user it is matched to, its number, its state and last error. */
export function Users({ tenantId }: { tenantId: string }) {
  const [state, setState] = useState<State | ''>('');
  const [page, setPage] = useState(1);
  const users = useLoad(
    () =>
      ok(
        api.GET('/api/v1/tenants/{id}/users', {
          params: {
            path: { id: tenantId },
            query: { ...(state ? { state } : {}), page, pageSize: 100 },
          },
        }),
      ),
    `${tenantId}/${state}/${page}`,
  );
  const data = users.data;
  return (
    <>
      <h2>Users</h2>
      <div className="filters">
        <Choice
          label="State"
          value={state}
          options={{ '': 'All states', ...STATES }}
          onChange={(value) => {
            setState(value);
            setPage(1);
          }}
        />
      </div>
      <ErrorNote error={users.error} />
      {!data ? (
        <Loading what="users" />
      ) : data.items.length === 0 ? (
        <p>No users here yet: they appear after the first run.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Users</caption>
            <thead>
              <tr>
                <th scope="col">PBX user</th>
                <th scope="col">Teams user</th>
                <th scope="col">Number</th>
                <th scope="col">State</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((u) => (
                <tr key={u.pbxUserId}>
                  <td>
                    {u.pbxUser.name ?? u.pbxUserId}
                    <div className="muted">{u.pbxUser.email ?? ''}</div>
                  </td>
                  <td>
                    {u.teamsUser?.displayName ?? '—'}
                    <div className="muted">{u.teamsUser?.userPrincipalName ?? ''}</div>
                  </td>
                  <td>{u.number ?? '—'}</td>
                  <td>{STATES[u.state]}</td>
                  <td>{u.lastError?.message ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data ? (
        <Pager page={page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
      ) : null}
    </>
  );
}
