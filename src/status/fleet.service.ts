import { Injectable } from '@nestjs/common';
import { Caller } from '../access/caller';
import { Clock } from '../common/clock/clock';
import { FleetQuery, FleetSort } from './fleet.dto';
import { FleetFacts, FleetReadModel } from './fleet.read-model';
import { FleetPageView } from './status.responses';
import { Indicator, IndicatorColour, registrationIndicator } from './registration-indicator';

type FleetRow = FleetFacts & { indicator: Indicator };

const SEVERITY: Record<IndicatorColour, number> = { red: 0, amber: 1, green: 2 };

/** Ascending order for each sort: the one that needs a look comes first. */
const COMPARE: Record<FleetSort, (a: FleetRow, b: FleetRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  health: (a, b) => SEVERITY[a.indicator.colour] - SEVERITY[b.indicator.colour],
  freshness: (a, b) => (a.oldestReadAt?.getTime() ?? 0) - (b.oldestReadAt?.getTime() ?? 0),
  openFailures: (a, b) => b.openFailures - a.openFailures,
  seatsUsed: (a, b) => b.seatsUsed - a.seatsUsed,
};

/** Every tenant the caller may see, with its health at a glance, filtered, sorted and paged. */
@Injectable()
export class FleetService {
  constructor(
    private readonly readModel: FleetReadModel,
    private readonly clock: Clock,
  ) {}

  async list(caller: Caller, query: FleetQuery): Promise<FleetPageView> {
    const ids = caller.role === 'provider_admin' ? null : [...caller.tenantIds];
    const now = this.clock.now();
    const rows: FleetRow[] = (await this.readModel.facts(ids)).map((f) => ({
      ...f,
      indicator: registrationIndicator(f, now),
    }));
    const counts = { green: 0, amber: 0, red: 0 };
    for (const row of rows) counts[row.indicator.colour]++;
    const shown = rows.filter(
      (r) =>
        (!query.health || r.indicator.colour === query.health) &&
        (!query.needsAttention || r.indicator.colour !== 'green'),
    );
    const compare = COMPARE[query.sort ?? 'name'];
    const direction = query.order === 'desc' ? -1 : 1;
    shown.sort((a, b) => direction * compare(a, b) || a.name.localeCompare(b.name));
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    return {
      page,
      pageSize,
      total: shown.length,
      counts,
      items: shown.slice((page - 1) * pageSize, page * pageSize).map((r) => ({
        tenantId: r.tenantId,
        name: r.name,
        indicator: r.indicator,
        consentState: r.consentState,
        syncEnabled: r.syncEnabled,
        openFailures: r.openFailures,
        seats: { total: r.connectorSeats, used: r.seatsUsed },
        lastSuccessfulSync: r.lastSuccessfulSync,
        directoriesReadAt: r.oldestReadAt,
      })),
    };
  }
}
