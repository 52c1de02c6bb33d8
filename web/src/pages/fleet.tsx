import { useState } from 'react';
import { api, ok } from '../api';
import { Choice } from '../components/choice';
import { ErrorNote, Indicator, Loading, when } from '../components/feedback';
import { Pager } from '../components/pager';
import { Link } from '../router';
import { useLoad } from '../use-load';

const SORTS = {
  health: 'Health (worst first)',
  name: 'Name',
  freshness: 'Oldest data first',
  openFailures: 'Most open failures',
  seatsUsed: 'Most seats used',
} as const;
type Sort = keyof typeof SORTS;

/** Every tenant the operator may see, health at a glance: the provider's start page. */
export function Fleet() {
  const [needsAttention, setNeedsAttention] = useState(false);
  const [sort, setSort] = useState<Sort>('health');
  const [page, setPage] = useState(1);
  const fleet = useLoad(
    () =>
      ok(
        api.GET('/api/v1/fleet', {
          params: { query: { sort, needsAttention, page, pageSize: 50 } },
        }),
      ),
    `${sort}/${needsAttention}/${page}`,
    30_000,
  );
  const data = fleet.data;
  return (
    <section>
      <div className="title-row">
        <h1>Fleet</h1>
        <Link to="/tenants/new" className="button">
          New tenant
        </Link>
      </div>
      {data ? (
        <p className="summary" aria-label="Tenants by health">
          <Indicator colour="green" compact /> {data.counts.green} ·{' '}
          <Indicator colour="amber" compact /> {data.counts.amber} ·{' '}
          <Indicator colour="red" compact /> {data.counts.red}
        </p>
      ) : null}
      <div className="filters">
        <label className="inline">
          <input
            type="checkbox"
            checked={needsAttention}
            onChange={(e) => {
              setNeedsAttention(e.target.checked);
              setPage(1);
            }}
          />
          Needs attention only
        </label>
        <Choice label="Sort by" value={sort} options={SORTS} onChange={setSort} />
      </div>
      <ErrorNote error={fleet.error} />
      {!data ? (
        <Loading what="the fleet" />
      ) : data.items.length === 0 ? (
        <p>{needsAttention ? 'Every tenant is healthy.' : 'There are no tenants yet.'}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Tenants</caption>
            <thead>
              <tr>
                <th scope="col">Tenant</th>
                <th scope="col">Health</th>
                <th scope="col">Open failures</th>
                <th scope="col">Seats used</th>
                <th scope="col">Last successful sync</th>
                <th scope="col">Data read</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((row) => (
                <tr key={row.tenantId} data-tenant={row.name}>
                  <th scope="row">
                    <Link to={`/tenants/${row.tenantId}`}>{row.name}</Link>
                  </th>
                  <td>
                    <Indicator colour={row.indicator.colour} message={row.indicator.message} />
                  </td>
                  <td>{row.openFailures}</td>
                  <td>
                    {row.seats.used} / {row.seats.total}
                  </td>
                  <td>{when(row.lastSuccessfulSync)}</td>
                  <td>{when(row.directoriesReadAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data ? (
        <Pager page={page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
      ) : null}
    </section>
  );
}
