import { type FormEvent, useState } from 'react';
import { api, ok, type Schemas } from '../api';
import { Checks } from '../components/checks';
import { ErrorNote, Notice } from '../components/feedback';
import { useAction } from '../use-action';

/**
 * The tenant's name, seats and PBX connection, for the provider's admins. A new PBX connection is
 * tried by the service before it is saved; when the PBX refuses it, each check says why.
 */
export function TenantDetails(props: { tenant: Schemas['TenantView']; onSaved: () => void }) {
  const t = props.tenant;
  const { error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const pbx = {
      apiUrl: text('apiUrl'),
      accountId: text('accountId'),
      clientId: text('clientId'),
      clientSecret: text('clientSecret'),
    };
    const changedPbx = Object.fromEntries(
      Object.entries(pbx).filter(([key, value]) =>
        key === 'clientSecret' ? value !== '' : value !== t.pbx[key as keyof typeof t.pbx],
      ),
    );
    return run('save', async () => {
      setSaved(false);
      await ok(
        api.PATCH('/api/v1/tenants/{id}', {
          params: { path: { id: t.id } },
          body: {
            name: text('name'),
            connectorSeats: Number(f.get('connectorSeats')),
            ...(Object.keys(changedPbx).length > 0 ? { pbx: changedPbx } : {}),
          },
        }),
      );
      (form.elements.namedItem('clientSecret') as HTMLInputElement).value = '';
      setSaved(true);
      props.onSaved();
    });
  };
  const checks = (error?.details as { checks?: Parameters<typeof Checks>[0]['checks'] } | undefined)
    ?.checks;
  return (
    <>
      <h2>Tenant details</h2>
      <form onSubmit={save} className="stacked" aria-label="Tenant details">
        <fieldset>
          <label>
            Name
            <input name="name" required maxLength={200} defaultValue={t.name} />
          </label>
          <label>
            Connector seats purchased
            <input
              name="connectorSeats"
              type="number"
              min={0}
              max={1_000_000}
              required
              defaultValue={t.connectorSeats}
            />
          </label>
          <fieldset>
            <legend>PBX connection (tried against the PBX before it is saved)</legend>
            <label>
              PBX API address
              <input name="apiUrl" type="url" required defaultValue={t.pbx.apiUrl} />
            </label>
            <label>
              PBX account
              <input name="accountId" required defaultValue={t.pbx.accountId} />
            </label>
            <label>
              Client id
              <input name="clientId" required defaultValue={t.pbx.clientId} />
            </label>
            <label>
              New client secret (leave empty to keep the current one)
              <input name="clientSecret" type="password" autoComplete="new-password" />
            </label>
          </fieldset>
          <button type="submit">Save tenant details</button>
        </fieldset>
      </form>
      <ErrorNote error={error} />
      {checks ? <Checks label="PBX checks" checks={checks} /> : null}
      {saved ? <Notice>Tenant details saved.</Notice> : null}
    </>
  );
}
