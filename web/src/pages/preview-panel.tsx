import { useState } from 'react';
import { api, ok, type Schemas } from '../api';
import { ErrorNote, when } from '../components/feedback';
import { useAction } from '../use-action';

type Preview = Schemas['PreviewView'];
type UsersPage = Schemas['PreviewUsersPageView'];
type Figure = 'newMatchesToSync' | 'missingToRemove';

const FIGURES: { key: keyof Preview; label: string; users?: Figure }[] = [
  { key: 'totalLicenses', label: 'Connector seats purchased' },
  { key: 'availableLicenses', label: 'Seats available' },
  { key: 'newMatchesToSync', label: 'New matches to sync', users: 'newMatchesToSync' },
  { key: 'missingToRemove', label: 'Missing addresses or to remove', users: 'missingToRemove' },
  { key: 'totalUsersAfterSync', label: 'Synced users after the sync' },
];

/** "What would a sync do?": the five figures, each opening the users behind it. */
export function PreviewPanel({ tenantId, enabled }: { tenantId: string; enabled: boolean }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [users, setUsers] = useState<UsersPage | null>(null);
  const { busy, error, run } = useAction();

  const load = () =>
    run('preview', async () => {
      setPreview(
        await ok(
          api.GET('/api/v1/tenants/{id}/sync/preview', {
            params: { path: { id: tenantId }, query: { maxAgeMinutes: 0 } },
          }),
        ),
      );
      setUsers(null);
    });
  const showUsers = (figure: Figure) =>
    run('users', async () => {
      setUsers(
        await ok(
          api.GET('/api/v1/tenants/{id}/sync/preview/users', {
            params: { path: { id: tenantId }, query: { figure, pageSize: 100 } },
          }),
        ),
      );
    });

  return (
    <div className="preview">
      <button type="button" onClick={load} disabled={!enabled || busy === 'preview'}>
        {busy === 'preview'
          ? 'Reading both directories…'
          : preview
            ? 'Preview again'
            : 'Preview what a sync would do'}
      </button>
      <ErrorNote error={error} />
      {preview ? (
        <>
          <table className="figures" data-testid="preview-figures">
            <caption>
              What a sync would do (directories read {when(preview.directoriesReadAt.microsoft)})
            </caption>
            <tbody>
              {FIGURES.map((f) => (
                <tr key={f.key}>
                  <th scope="row">{f.label}</th>
                  <td data-figure={f.key}>{String(preview[f.key])}</td>
                  <td>
                    {f.users && Number(preview[f.key]) > 0 ? (
                      <button type="button" className="quiet" onClick={() => showUsers(f.users!)}>
                        Show the users
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.blockers.length > 0 ? (
            <div className="error" role="alert">
              <p>A sync cannot start yet:</p>
              <ul>
                {preview.blockers.map((b) => (
                  <li key={b.code}>
                    {b.message} {b.action}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview.microsoftLicenses.length > 0 ? (
            <p>
              Teams Phone licences in Microsoft 365:{' '}
              {preview.microsoftLicenses
                .map((l) => `${l.skuPartNumber} ${l.consumed} of ${l.enabled} used`)
                .join('; ')}
              .
            </p>
          ) : (
            <p>Microsoft 365 has no licence that includes Teams Phone.</p>
          )}
        </>
      ) : null}
      {users ? (
        <div className="table-wrap">
          <table data-testid="preview-users">
            <caption>
              {users.total} users behind “
              {FIGURES.find((f) => f.users === users.figure)?.label ?? users.figure}”
            </caption>
            <thead>
              <tr>
                <th scope="col">PBX user</th>
                <th scope="col">Teams user</th>
                <th scope="col">Number</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((u, i) => (
                <tr key={`${u.pbxUser?.id ?? ''}/${i}`}>
                  <td>
                    {u.pbxUser?.name ?? u.pbxUser?.id ?? '—'}
                    {u.pbxUser?.email ? <div className="muted">{u.pbxUser.email}</div> : null}
                  </td>
                  <td>
                    {u.teamsUser?.displayName ?? u.teamsUser?.id ?? '—'}
                    {u.teamsUser?.userPrincipalName ? (
                      <div className="muted">{u.teamsUser.userPrincipalName}</div>
                    ) : null}
                  </td>
                  <td>{u.number ?? '—'}</td>
                  <td>{u.reasonMessage ?? (u.change === 'assign' ? 'Matched' : u.change)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
