import type { FormEvent } from 'react';
import { api, ok } from '../api';
import { ErrorNote } from '../components/feedback';
import { navigate } from '../router';
import { PersonFields } from '../components/person-fields';
import { useAction } from '../use-action';

/** A provider admin adds a customer: its PBX account, its seats, and the admin who is invited. */
export function NewTenant() {
  const { busy, error, run } = useAction();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    return run('create', async () => {
      const created = await ok(
        api.POST('/api/v1/tenants', {
          body: {
            name: text('name'),
            connectorSeats: Number(text('seats')),
            pbx: {
              accountId: text('accountId'),
              apiUrl: text('apiUrl'),
              clientId: text('clientId'),
              clientSecret: text('clientSecret'),
            },
            admin: {
              firstName: text('firstName'),
              lastName: text('lastName'),
              email: text('email'),
            },
          },
        }),
      );
      navigate(`/tenants/${created.tenant.id}`);
    });
  };
  return (
    <section>
      <h1>New tenant</h1>
      <form onSubmit={submit} className="stacked">
        <fieldset>
          <legend>Customer</legend>
          <label>
            Name
            <input name="name" required maxLength={200} />
          </label>
          <label>
            Connector seats
            <input name="seats" type="number" min={0} max={1000000} required defaultValue={50} />
          </label>
        </fieldset>
        <fieldset>
          <legend>PBX account</legend>
          <label>
            Account id
            <input name="accountId" required />
          </label>
          <label>
            API address
            <input name="apiUrl" type="url" required placeholder="https://pbx.example.com" />
          </label>
          <label>
            Client id
            <input name="clientId" required />
          </label>
          <label>
            Client secret
            <input name="clientSecret" type="password" required autoComplete="off" />
          </label>
        </fieldset>
        <fieldset>
          <legend>The customer&apos;s admin (invited by e-mail)</legend>
          <PersonFields />
        </fieldset>
        <button type="submit" disabled={busy !== ''}>
          {busy ? 'Creating…' : 'Create tenant and invite the admin'}
        </button>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}
