import { api, ok, type Schemas } from '../api';
import { ErrorNote, Loading, Notice, when } from '../components/feedback';
import { Link } from '../router';
import { useAction } from '../use-action';
import { useLoad } from '../use-load';

type View = Schemas['DirectRoutingView'];
type StepState = View['steps'][number]['state'];

const STATE_WORDS: Record<StepState, string> = {
  pending: 'To do',
  active: 'Under way',
  waiting: 'Waiting',
  done: 'Done',
  blocked: 'Blocked',
  failed: 'Failed',
};
const MARKS: Record<StepState, string> = {
  pending: '○',
  active: '…',
  waiting: '…',
  done: '✓',
  blocked: '!',
  failed: '✕',
};
const BUTTON_WORDS: Record<View['status'], string> = {
  not_started: 'Start setup',
  running: 'Check again',
  waiting: 'Check again',
  succeeded: 'Check the voice routing policy again',
  blocked: 'Start again',
  failed: 'Start again',
};

/** The record to publish, as a DNS provider's form asks for it. */
function DnsRecord(props: { record: NonNullable<View['dnsRecord']>; verified: boolean }) {
  const { record } = props;
  return (
    <section aria-label="DNS record">
      <h3>Verification record</h3>
      <p>
        {props.verified
          ? 'Microsoft verified the subdomain by this record; it may stay published.'
          : record.publishedByConnector
            ? 'The connector published this record in the provider’s DNS zone; Microsoft checks it before it verifies the subdomain.'
            : 'Publish this record at the DNS provider that holds the SBC’s base domain. Microsoft checks it before it verifies the subdomain.'}
      </p>
      <dl className="facts dns-record">
        <dt>Name</dt>
        <dd>
          <code>{record.name}</code>
        </dd>
        <dt>Type</dt>
        <dd>
          <code>{record.type}</code>
        </dd>
        <dt>Value</dt>
        <dd>
          <code data-testid="txt-value">{record.value}</code>
        </dd>
        <dt>TTL</dt>
        <dd>{record.ttl} seconds</dd>
      </dl>
    </section>
  );
}

/**
 * Direct Routing onboarding: the SBC's subdomain added, verified and activated in the customer's
 * Microsoft 365, each step with its state, and the voice routing script to run in Teams.
 */
export function DirectRouting({ tenantId, canManage }: { tenantId: string; canManage: boolean }) {
  const view = useLoad(
    () =>
      ok(api.GET('/api/v1/tenants/{id}/direct-routing', { params: { path: { id: tenantId } } })),
    tenantId,
    // Watch it while a step is under way; a wait of hours needs no watching.
    (data) =>
      data?.status === 'running' ? 2_000 : data?.status === 'waiting' ? 30_000 : undefined,
  );
  const { busy, error, run } = useAction();
  const start = () =>
    run('start', async () => {
      await ok(
        api.POST('/api/v1/tenants/{id}/direct-routing/onboarding', {
          params: { path: { id: tenantId } },
        }),
      );
      view.reload();
    });

  if (view.error) return <ErrorNote error={view.error} />;
  const data = view.data;
  if (!data) return <Loading what="Direct Routing" />;
  return (
    <>
      <h2>Direct Routing</h2>
      <p>
        The provider’s SBC reaches this tenant’s Teams as <code>{data.sbcDomain}</code>. Setup adds
        this subdomain to the customer’s Microsoft 365, verifies it by a DNS record, and activates
        it with a temporary user holding a Teams licence, which it deletes after the activation
        period.
      </p>
      <ErrorNote error={data.problem} />
      {data.note ? <Notice>{data.note}</Notice> : null}
      <ErrorNote error={error} />
      {canManage ? (
        <p className="buttons">
          <button type="button" onClick={start} disabled={busy === 'start'}>
            {BUTTON_WORDS[data.status]}
          </button>
        </p>
      ) : null}
      <ol className="checklist" aria-label="Setup steps">
        {data.steps.map((step) => (
          <li
            key={step.key}
            className={`step ${step.state}`}
            data-step={step.key}
            data-state={step.state}
          >
            <h3>
              <span className="mark" aria-hidden="true">
                {MARKS[step.state]}
              </span>{' '}
              {step.title} <span className="muted">· {STATE_WORDS[step.state]}</span>
            </h3>
            {step.key === 'licence' && data.spareLicences.length ? (
              <p>
                Free licences with Teams:{' '}
                {data.spareLicences.map((s) => `${s.skuPartNumber} (${s.free})`).join(', ')}.
              </p>
            ) : null}
            {step.key === 'verification' && data.verifiedAt ? (
              <p>Verified on {when(data.verifiedAt)}.</p>
            ) : null}
            {step.key === 'activation' && data.activationUser ? (
              <p>
                <code>{data.activationUser.userPrincipalName}</code>, licensed with{' '}
                {data.activationUser.skuPartNumber ?? '—'}.
              </p>
            ) : null}
            {step.key === 'cleanup' && data.activationUser ? (
              <p>
                {data.activationUser.removedAt
                  ? `Removed on ${when(data.activationUser.removedAt)}.`
                  : `To be removed on ${when(data.activationUser.removeAt)}.`}
              </p>
            ) : null}
            {step.key === 'voiceRouting' ? (
              <p>
                Microsoft Graph cannot create voice routes or voice routing policies. Run the{' '}
                {canManage ? (
                  <a href={`/api/v1/tenants/${tenantId}/direct-routing/voice-routing.ps1`} download>
                    voice routing script
                  </a>
                ) : (
                  'voice routing script'
                )}{' '}
                in Teams PowerShell (<code>Connect-MicrosoftTeams</code> first):{' '}
                {data.voiceRoutingPolicy ? (
                  <>
                    it creates the policy <code>{data.voiceRoutingPolicy}</code> and its route to{' '}
                    <code>{data.sbcDomain}</code>.
                  </>
                ) : (
                  <>
                    choose the policy’s name under{' '}
                    <Link to={`/tenants/${tenantId}/settings`}>Settings</Link> first.
                  </>
                )}
                {data.policyFoundAt ? ` Found in Teams on ${when(data.policyFoundAt)}.` : null}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {data.dnsRecord ? (
        <DnsRecord record={data.dnsRecord} verified={Boolean(data.verifiedAt)} />
      ) : null}
    </>
  );
}
