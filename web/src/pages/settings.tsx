import { type FormEvent, useState } from 'react';
import { api, ok, type Schemas } from '../api';
import { ErrorNote, Notice } from '../components/feedback';
import { useAction } from '../use-action';
import { PolicyChoice } from './policy-choice';

/** How and when the tenant syncs. Members see the settings without a way to change them. */
export function Settings(props: {
  tenant: Schemas['TenantView'];
  canManage: boolean;
  onSaved: () => void;
}) {
  const s = props.tenant.settings;
  const { error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const policy = String(f.get('policy') ?? '').trim();
    return run('save', async () => {
      setSaved(false);
      await ok(
        api.PATCH('/api/v1/tenants/{id}/settings', {
          params: { path: { id: props.tenant.id } },
          body: {
            syncMode: f.get('syncMode') === 'manual' ? 'manual' : 'automatic',
            syncEnabled: f.get('syncEnabled') === 'on',
            scheduleMinutes: Number(f.get('scheduleMinutes')),
            ...(policy ? { voiceRoutingPolicy: policy } : {}),
            removalThreshold: {
              users: Number(f.get('thresholdUsers')),
              percent: Number(f.get('thresholdPercent')),
            },
          },
        }),
      );
      setSaved(true);
      props.onSaved();
    });
  };
  return (
    <>
      <h2>Settings</h2>
      <form onSubmit={save} className="stacked">
        <fieldset disabled={!props.canManage}>
          <PolicyChoice tenantId={props.tenant.id} current={s.voiceRoutingPolicy} />
          <label>
            Matching
            <select name="syncMode" defaultValue={s.syncMode}>
              <option value="automatic">Automatic, by e-mail address</option>
              <option value="manual">Manual, from a CSV file</option>
            </select>
          </label>
          <label className="inline">
            <input name="syncEnabled" type="checkbox" defaultChecked={s.syncEnabled} />
            Sync on a schedule
          </label>
          <label>
            Every (minutes, 5 to 1440)
            <input
              name="scheduleMinutes"
              type="number"
              min={5}
              max={1440}
              required
              defaultValue={s.scheduleMinutes}
            />
          </label>
          <fieldset>
            <legend>Ask for approval before a run removes more than</legend>
            <label>
              Users
              <input
                name="thresholdUsers"
                type="number"
                min={0}
                required
                defaultValue={s.removalThreshold.users}
              />
            </label>
            <label>
              Or percent of the synced users
              <input
                name="thresholdPercent"
                type="number"
                min={0}
                max={100}
                required
                defaultValue={s.removalThreshold.percent}
              />
            </label>
          </fieldset>
          {props.canManage ? <button type="submit">Save settings</button> : null}
        </fieldset>
      </form>
      <ErrorNote error={error} />
      {saved ? <Notice>Settings saved.</Notice> : null}
    </>
  );
}
