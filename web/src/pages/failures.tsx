import { useState } from 'react';
import { api, ok, type Schemas } from '../api';
import { ErrorNote, Loading, Notice, when } from '../components/feedback';
import { Link } from '../router';
import { useAction } from '../use-action';
import { useLoad } from '../use-load';

/** Users that could not be synced: what happened, what to do, retry, export. */
export function Failures(props: {
  tenantId: string;
  canManage: boolean;
  /** The open failures by code, from the tenant's status the page has read already. */
  codes: Schemas['TenantStatusView']['failures']['byCode'];
}) {
  const { tenantId, canManage } = props;
  const [open, setOpen] = useState<'true' | 'false' | ''>('true');
  const [code, setCode] = useState('');
  const { error, run } = useAction();
  const [retried, setRetried] = useState<string | null>(null);
  const query = { ...(open ? { open: open === 'true' } : {}), ...(code ? { code } : {}) };
  const failures = useLoad(
    () =>
      ok(
        api.GET('/api/v1/tenants/{id}/failures', {
          params: { path: { id: tenantId }, query: { ...query, pageSize: 100 } },
        }),
      ),
    `${tenantId}/${open}/${code}`,
    10_000,
  );
  const retry = (ids: string[]) =>
    run('retry', async () => {
      let runId = '';
      for (const failureId of ids)
        runId = (
          await ok(
            api.POST('/api/v1/failures/{failureId}/retry', { params: { path: { failureId } } }),
          )
        ).runId;
      setRetried(runId);
      failures.reload();
    });
  const items = failures.data?.items ?? [];
  const openOnes = items.filter((f) => f.open);
  const exportUrl = `/api/v1/tenants/${tenantId}/failures.csv?${new URLSearchParams(
    Object.entries(query).map(([k, v]) => [k, String(v)]),
  )}`;
  return (
    <>
      <h2>Failures</h2>
      <div className="filters">
        <label className="inline">
          Show{' '}
          <select value={open} onChange={(e) => setOpen(e.target.value as typeof open)}>
            <option value="true">Open failures</option>
            <option value="false">Resolved failures</option>
            <option value="">All failures</option>
          </select>
        </label>
        <label className="inline">
          Code{' '}
          <select value={code} onChange={(e) => setCode(e.target.value)}>
            <option value="">Any code</option>
            {props.codes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} ({c.count})
              </option>
            ))}
          </select>
        </label>
        <a href={exportUrl} download className="button quiet">
          Export CSV
        </a>
        {canManage && openOnes.length > 0 ? (
          <button type="button" onClick={() => retry(openOnes.map((f) => f.id))}>
            Retry all {openOnes.length} open
          </button>
        ) : null}
      </div>
      <ErrorNote error={error ?? failures.error} />
      {retried ? (
        <Notice>
          Retry queued: <Link to={`/runs/${retried}`}>follow the run</Link>.
        </Notice>
      ) : null}
      {!failures.data ? (
        <Loading what="failures" />
      ) : items.length === 0 ? (
        <p data-testid="no-failures">No failures here.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="failures">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">What happened</th>
                <th scope="col">What to do</th>
                <th scope="col">Since</th>
                {canManage ? <th scope="col">Retry</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <tr key={f.id}>
                  <td>
                    {f.pbxUser.name ?? f.pbxUserId}
                    <div className="muted">{f.number ?? f.pbxUser.email}</div>
                  </td>
                  <td>
                    {f.message} <span className="code">({f.code})</span>
                  </td>
                  <td>
                    {f.action}
                    {f.retry.automatic ? (
                      <div className="muted">Retried automatically after {when(f.retry.at)}.</div>
                    ) : null}
                  </td>
                  <td>{when(f.createdAt)}</td>
                  {canManage ? (
                    <td>
                      {f.open ? (
                        <button type="button" className="quiet" onClick={() => retry([f.id])}>
                          Retry now
                        </button>
                      ) : (
                        'Resolved'
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
