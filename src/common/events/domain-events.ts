import { Injectable } from '@nestjs/common';
import { AppLogger } from '../logging/app-logger';

/** What one feature tells others happened, without depending on them. */
export interface DomainEventPayloads {
  'tenant.settingsChanged': { tenantId: string };
  'tenant.consentGranted': { tenantId: string };
  'tenant.consentRevoked': { tenantId: string };
  'tenant.deleted': { tenantId: string };
  'tenant.restored': { tenantId: string };
}

type Name = keyof DomainEventPayloads;
type Handler<N extends Name> = (payload: DomainEventPayloads[N]) => Promise<void>;

/**
 * In-process events: `emit` waits for every handler, so a caller's answer reflects their work. A
 * failing handler is logged and does not fail the caller; what it keeps in step is also
 * reconciled periodically.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<Name, Handler<Name>[]>();

  constructor(private readonly logger: AppLogger) {}

  on<N extends Name>(name: N, handler: Handler<N>): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler as Handler<Name>]);
  }

  async emit<N extends Name>(name: N, payload: DomainEventPayloads[N]): Promise<void> {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        await handler(payload);
      } catch (error) {
        this.logger.error({ event: name, err: (error as Error).message }, 'event handler failed');
      }
    }
  }
}
