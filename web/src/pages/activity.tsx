import { useState } from 'react';
import { api, ok, type Schemas } from '../api';
import { Choice } from '../components/choice';
import { ErrorNote, Loading, when } from '../components/feedback';
import { Pager } from '../components/pager';
import { useLoad } from '../use-load';

type Entry = Schemas['AuditEntryView'];

const AREAS = {
  '': 'Everything',
  tenant: 'Tenant and settings',
  consent: 'Consent',
  connection: 'Connection checks',
  mapping: 'Mappings',
  run: 'Runs',
  operator: 'Admins and members',
  directRouting: 'Direct Routing',
} as const;

/** The tenant's audit log: who changed what, when and from where, newest first. */
export function Activity({ tenantId }: { tenantId: string }) {
  const [page, setPage] = useState(1);
  const [area, setArea] = useState<keyof typeof AREAS>('');
  const log = useLoad(
    () =>
      ok(
        api.GET('/api/v1/tenants/{id}/audit', {
          params: {
            path: { id: tenantId },
            query: { page, pageSize: 50, ...(area ? { action: area } : {}) },
          },
        }),
      ),
    `${tenantId}/${area}/${page}`,
  );
  const data = log.data;
  return (
    <>
      <h2>Activity</h2>
      <p className="muted">
        Everything that changed this tenant: who, when, from which address, and what.
      </p>
      <div className="filters">
        <Choice
          label="Show"
          value={area}
          options={AREAS}
          onChange={(value) => {
            setArea(value);
            setPage(1);
          }}
        />
      </div>
      <ErrorNote error={log.error} />
      {!data ? (
        <Loading what="the activity" />
      ) : data.items.length === 0 ? (
        <p>Nothing recorded{area ? ' of this kind' : ''} yet.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="activity">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.seq} data-action={e.action}>
                  <td>{when(e.at)}</td>
                  <td>
                    {e.actor}
                    {e.address ? <div className="muted">from {e.address}</div> : null}
                  </td>
                  <td>{e.summary}</td>
                  <td>
                    <Changes changes={e.changes} />
                  </td>
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

function Changes({ changes }: { changes: Entry['changes'] }) {
  if (!changes) return <>—</>;
  return (
    <ul className="changes">
      {Object.entries(changes).map(([field, change]) => (
        <li key={field}>
          <code>{field}</code>: {shown(change.from)} → {shown(change.to)}
        </li>
      ))}
    </ul>
  );
}

function shown(value: unknown): string {
  return value === null || value === undefined || value === '' ? '(none)' : String(value);
}
