import { useState } from 'react';
import { api, ok } from '../api';
import { ErrorNote, Loading, when } from '../components/feedback';
import { Pager } from '../components/pager';
import { Link } from '../router';
import { useLoad } from '../use-load';
import { RUN_STATE_WORDS } from './run-words';

export function Runs({ tenantId }: { tenantId: string }) {
  const [page, setPage] = useState(1);
  const runs = useLoad(
    () =>
      ok(
        api.GET('/api/v1/tenants/{id}/runs', {
          params: { path: { id: tenantId }, query: { page, pageSize: 25 } },
        }),
      ),
    `${tenantId}/${page}`,
    5_000,
  );
  const data = runs.data;
  return (
    <>
      <h2>Runs</h2>
      <ErrorNote error={runs.error} />
      {!data ? (
        <Loading what="runs" />
      ) : data.items.length === 0 ? (
        <p>No run yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Succeeded</th>
                <th scope="col">Failed</th>
                <th scope="col">Requested by</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/runs/${r.id}`}>{when(r.createdAt)}</Link>
                  </td>
                  <td>
                    {r.kind} ({r.trigger})
                  </td>
                  <td>{RUN_STATE_WORDS[r.state]}</td>
                  <td>{r.counts.succeeded}</td>
                  <td>{r.counts.failed}</td>
                  <td>{r.requestedBy?.name ?? r.requestedBy?.email ?? 'Schedule'}</td>
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
