import { api, ok } from '../api';
import { ErrorNote, Loading, when } from '../components/feedback';
import { Link } from '../router';
import { useCanManage } from '../session';
import { useAction } from '../use-action';
import { useLoad } from '../use-load';
import { ACTIVE_STATES, plannedInWords, RUN_STATE_WORDS } from './run-words';

/** One run: live progress while it is under way, then its counts, timings and errors. */
export function RunDetail({ runId }: { runId: string }) {
  // Read every second until the run has ended.
  const run = useLoad(
    () => ok(api.GET('/api/v1/runs/{runId}', { params: { path: { runId } } })),
    runId,
    (r) => (!r || ACTIVE_STATES.includes(r.state) ? 1_000 : undefined),
  );
  const decision = useAction();
  const data = run.data;
  const canManage = useCanManage(data?.tenantId ?? '');
  if (!data) return run.error ? <ErrorNote error={run.error} /> : <Loading what="the run" />;

  const decide = (choice: 'approve' | 'cancel') =>
    decision.run(choice, async () => {
      const path = { params: { path: { runId } } };
      await ok(
        choice === 'approve'
          ? api.POST('/api/v1/runs/{runId}/approve', path)
          : api.POST('/api/v1/runs/{runId}/cancel', path),
      );
      run.reload();
    });
  const percent = data.progress.total
    ? Math.round((100 * data.progress.done) / data.progress.total)
    : 0;
  return (
    <section>
      <p>
        <Link to={`/tenants/${data.tenantId}/runs`}>← All runs of this tenant</Link>
      </p>
      <h1>{data.kind === 'full' ? 'Full' : data.kind === 'retry' ? 'Retry' : 'Incremental'} run</h1>
      <p className="status-line" data-testid="run-state" data-state={data.state}>
        <strong>{RUN_STATE_WORDS[data.state]}</strong>
        {data.error ? ` · ${data.error.message ?? data.error.code}` : null}
      </p>
      {data.state === 'applying' || data.state === 'planning' ? (
        <p>
          <progress
            max={data.progress.total || 1}
            value={data.progress.done}
            aria-label="Progress"
          />{' '}
          {data.progress.done} of {data.progress.total} users ({percent}%)
        </p>
      ) : null}
      {data.state === 'awaiting_approval' ? (
        <div className="notice" role="status">
          <p>
            This run would remove more users than the tenant&apos;s threshold allows, so it waits
            for a decision. Approve to apply it with its removals, or cancel it.
          </p>
          {canManage ? (
            <div className="buttons">
              <button type="button" onClick={() => decide('approve')}>
                Approve
              </button>
              <button type="button" className="quiet" onClick={() => decide('cancel')}>
                Cancel the run
              </button>
            </div>
          ) : null}
        </div>
      ) : ACTIVE_STATES.includes(data.state) && canManage ? (
        <button type="button" className="quiet" onClick={() => decide('cancel')}>
          Cancel the run
        </button>
      ) : null}
      <ErrorNote error={decision.error} />
      <dl className="facts">
        <dt>Planned</dt>
        <dd>{plannedInWords(data.counts.planned)}</dd>
        <dt>Succeeded</dt>
        <dd data-count="succeeded">{data.counts.succeeded}</dd>
        <dt>Unchanged</dt>
        <dd>{data.counts.unchanged}</dd>
        <dt>Failed</dt>
        <dd data-count="failed">{data.counts.failed}</dd>
        <dt>Not attempted</dt>
        <dd>{data.counts.notAttempted}</dd>
        <dt>Requested</dt>
        <dd>
          {when(data.createdAt)} by{' '}
          {data.requestedBy?.name ?? data.requestedBy?.email ?? 'the schedule'}
        </dd>
        <dt>Finished</dt>
        <dd>
          {when(data.finishedAt)}
          {data.durationMs !== null ? ` (${(data.durationMs / 1000).toFixed(1)} s)` : ''}
        </dd>
        {data.decidedBy ? (
          <>
            <dt>Decided by</dt>
            <dd>{data.decidedBy.name ?? data.decidedBy.email}</dd>
          </>
        ) : null}
      </dl>
      {data.counts.failed > 0 ? (
        <p>
          <Link to={`/tenants/${data.tenantId}/failures`}>See the failures and retry them</Link>
        </p>
      ) : null}
    </section>
  );
}
