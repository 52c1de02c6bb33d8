import { api, ok, type Schemas } from '../api';
import { when } from '../components/feedback';

type Act = (name: string, action: () => Promise<string>) => void;

const path = (operatorId: string) => ({ params: { path: { operatorId } } });

/**
 * What a provider admin can do to one person, by their status: invite again, deactivate or
 * reactivate, delete, and restore within 30 days.
 */
export function OperatorActions({ person: p, act }: { person: Schemas['OperatorView']; act: Act }) {
  const button = (name: string, label: string, action: () => Promise<string>) => (
    <button type="button" className="quiet" onClick={() => act(name, action)}>
      {label}
    </button>
  );
  if (p.status === 'deleted')
    return (
      <div className="buttons">
        {button('restore', 'Restore', async () => {
          const back = await ok(api.POST('/api/v1/operators/{operatorId}/restore', path(p.id)));
          return `${back.email} is restored with their role and tenants.`;
        })}
      </div>
    );
  return (
    <div className="buttons">
      {p.status === 'invited'
        ? button('reinvite', 'Send a new invitation', async () => {
            const sent = await ok(
              api.POST('/api/v1/operators/{operatorId}/invitation', path(p.id)),
            );
            return `A new invitation was sent to ${sent.operator.email}, valid until ${when(sent.expiresAt)}.`;
          })
        : null}
      {p.status === 'deactivated'
        ? button('reactivate', 'Reactivate', async () => {
            const back = await ok(
              api.POST('/api/v1/operators/{operatorId}/reactivate', path(p.id)),
            );
            return `${back.email} can sign in again.`;
          })
        : button('deactivate', 'Deactivate', async () => {
            await ok(api.POST('/api/v1/operators/{operatorId}/deactivate', path(p.id)));
            return `${p.email} is deactivated and signed out.`;
          })}
      {button('delete', 'Delete', async () => {
        await ok(api.DELETE('/api/v1/operators/{operatorId}', path(p.id)));
        return `${p.email} is deleted and signed out; they can be restored for 30 days.`;
      })}
    </div>
  );
}
