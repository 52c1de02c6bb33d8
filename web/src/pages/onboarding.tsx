import { type ReactNode, useState } from 'react';
import { api, ok, type Schemas } from '../api';
import { ErrorNote, when } from '../components/feedback';
import { Link, navigate } from '../router';
import { Checks } from '../components/checks';
import { useAction } from '../use-action';
import { useLoad } from '../use-load';
import { MappingUpload } from './mapping-upload';
import { PreviewPanel } from './preview-panel';

type Tenant = Schemas['TenantView'];
type Status = Schemas['TenantStatusView'];
type Verify = Schemas['VerifyView'];

function Step(props: { title: string; done: boolean; children: ReactNode; name: string }) {
  return (
    <li className={props.done ? 'step done' : 'step'} data-step={props.name}>
      <h2>
        <span className="mark" aria-hidden="true">
          {props.done ? '✓' : '○'}
        </span>{' '}
        {props.title}
        <span className="sr-only">{props.done ? ' (done)' : ' (to do)'}</span>
      </h2>
      {props.children}
    </li>
  );
}

/** The way from a new tenant to numbers in Teams, one step after the other. */
export function Onboarding(props: {
  tenant: Tenant;
  status: Status | null;
  canManage: boolean;
  onChange: () => void;
}) {
  const { tenant, status, canManage } = props;
  const id = tenant.id;
  const { busy, error, run } = useAction();
  const [verify, setVerify] = useState<Verify | null>(null);
  const people = useLoad(
    () => ok(api.GET('/api/v1/tenants/{id}/operators', { params: { path: { id } } })),
    id,
  );
  const directRouting = useLoad(
    () => ok(api.GET('/api/v1/tenants/{id}/direct-routing', { params: { path: { id } } })),
    id,
  );
  const admins = (people.data ?? []).filter((p) => p.role === 'tenant_admin');
  const adminActive = admins.some((a) => a.status === 'active');
  const connected = tenant.consent.state === 'granted';
  const synced = Boolean(status?.sync.lastSuccessfulSync);
  // A check run on this page says more than the last one the service remembers.
  const verifiedAt = connected ? tenant.consent.verifiedAt : null;
  const verified = verify ? verify.status === 'ok' : Boolean(verifiedAt);

  const connect = () =>
    run('connect', async () => {
      const { consentUrl } = await ok(
        api.POST('/api/v1/tenants/{id}/consent', { params: { path: { id } } }),
      );
      window.location.assign(consentUrl);
    });
  const runVerify = () =>
    run('verify', async () => {
      setVerify(
        await ok(api.POST('/api/v1/tenants/{id}/connection/verify', { params: { path: { id } } })),
      );
      props.onChange();
    });
  const setMode = (syncMode: 'automatic' | 'manual') =>
    run('mode', async () => {
      await ok(
        api.PATCH('/api/v1/tenants/{id}/settings', {
          params: { path: { id } },
          body: { syncMode },
        }),
      );
      props.onChange();
    });
  // "Start sync" turns the schedule on as well; "Sync now" only runs once more.
  const startSync = () =>
    run('sync', async () => {
      if (!tenant.settings.syncEnabled)
        await ok(
          api.PATCH('/api/v1/tenants/{id}/settings', {
            params: { path: { id } },
            body: { syncEnabled: true },
          }),
        );
      const { runId } = await ok(
        api.POST('/api/v1/tenants/{id}/sync', { params: { path: { id } }, body: { kind: 'full' } }),
      );
      navigate(`/runs/${runId}`);
    });

  return (
    <>
      <ErrorNote error={error} />
      <ol className="checklist">
        <Step name="admin" title="Admin invited" done={adminActive}>
          {admins.length === 0 ? (
            <p>No admin yet: invite one under Admins.</p>
          ) : (
            <ul>
              {admins.map((a) => (
                <li key={a.id}>
                  {a.firstName} {a.lastName} ({a.email}):{' '}
                  {a.status === 'active'
                    ? 'has signed in'
                    : a.status === 'invited'
                      ? 'invitation sent, waiting for them to choose a password'
                      : 'deactivated'}
                </li>
              ))}
            </ul>
          )}
        </Step>
        <Step name="consent" title="Microsoft 365 connected" done={connected}>
          <p>
            {connected
              ? `Microsoft 365 tenant ${tenant.consent.microsoftTenantId} is connected.`
              : (tenant.consent.message ??
                'A Global Administrator of the customer’s Microsoft 365 signs in and grants the connector its permissions.')}
          </p>
          {tenant.consent.grantedBy ? (
            <p>
              Consented by {tenant.consent.grantedBy.username ?? tenant.consent.grantedBy.objectId}{' '}
              on {when(tenant.consent.grantedBy.at)}.
            </p>
          ) : null}
          {canManage ? (
            <button type="button" onClick={connect} disabled={busy === 'connect'}>
              {connected ? 'Connect Microsoft 365 again' : 'Connect Microsoft 365'}
            </button>
          ) : null}
        </Step>
        <Step name="verify" title="Connection verified" done={verified}>
          {verify ? (
            <Checks label="Connection checks" checks={verify.checks} />
          ) : verifiedAt ? (
            <p>Every check passed on {when(verifiedAt)}.</p>
          ) : (
            <p>
              Checks the token, each permission, and the reads the connector relies on, in Microsoft
              365 and the PBX.
            </p>
          )}
          {canManage ? (
            <button type="button" onClick={runVerify} disabled={!connected || busy === 'verify'}>
              {busy === 'verify' ? 'Verifying…' : 'Verify connection'}
            </button>
          ) : null}
        </Step>
        {directRouting.error?.code === 'DIRECT_ROUTING_NOT_CONFIGURED' ? null : (
          <Step
            name="direct-routing"
            title="SBC subdomain verified"
            done={Boolean(directRouting.data?.verifiedAt)}
          >
            <p>
              {directRouting.data
                ? `Numbers are routed to ${directRouting.data.sbcDomain}, which Microsoft 365 must verify before a sync. `
                : null}
              <Link to={`/tenants/${id}/direct-routing`}>Open Direct Routing</Link> to set it up and
              follow each step.
            </p>
          </Step>
        )}
        <Step name="matching" title="Matching chosen" done={connected}>
          <fieldset disabled={!canManage || busy === 'mode'}>
            <legend>How PBX users are matched to Teams users</legend>
            <label className="inline">
              <input
                type="radio"
                name="mode"
                value="automatic"
                checked={tenant.settings.syncMode === 'automatic'}
                onChange={() => setMode('automatic')}
              />
              Automatic, by e-mail address
            </label>
            <label className="inline">
              <input
                type="radio"
                name="mode"
                value="manual"
                checked={tenant.settings.syncMode === 'manual'}
                onChange={() => setMode('manual')}
              />
              Manual, from a CSV file
            </label>
          </fieldset>
          <MappingUpload tenantId={id} canManage={canManage} />
        </Step>
        <Step name="preview" title="Preview" done={synced}>
          <PreviewPanel tenantId={id} enabled={connected} />
        </Step>
        <Step name="sync" title={synced ? 'Synced' : 'Start sync'} done={synced}>
          {!tenant.settings.syncEnabled ? (
            <p>Starting the sync also turns on the schedule that keeps Teams in step.</p>
          ) : null}
          {status?.sync.running ? (
            <p>
              A run is under way:{' '}
              <Link to={`/runs/${status.sync.running.id}`}>follow its progress</Link>.
            </p>
          ) : null}
          {synced ? (
            <p>
              Last successful sync {when(status?.sync.lastSuccessfulSync)}; next{' '}
              {when(status?.sync.nextSync)}.
            </p>
          ) : null}
          {canManage ? (
            <button type="button" onClick={startSync} disabled={!connected || busy === 'sync'}>
              {synced && tenant.settings.syncEnabled ? 'Sync now' : 'Start sync'}
            </button>
          ) : null}
        </Step>
      </ol>
    </>
  );
}
