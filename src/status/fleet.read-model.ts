import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsentState } from '../tenants/tenant.entity';
import { FAILED_RUNS_FOR_RED, IndicatorFacts } from './registration-indicator';

/** One tenant as the fleet shows it, before its indicator is worked out. */
export interface FleetFacts extends IndicatorFacts {
  tenantId: string;
  name: string;
  connectorSeats: number;
  seatsUsed: number;
  lastSuccessfulSync: Date | null;
}

type Raw = Record<string, string | number | boolean | null>;

const instant = (value: Raw[string]) => (value === null ? null : new Date(Number(value)));

/**
 * Every tenant's health facts in one statement, each tenant's counts from its own indexes (open
 * failures, synced users, the latest finished runs): the fleet costs one query, not one per tenant.
 */
@Injectable()
export class FleetReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /** The tenants with these ids, or every tenant when `ids` is null. */
  async facts(ids: string[] | null): Promise<FleetFacts[]> {
    if (ids?.length === 0) return [];
    const sql = `
      SELECT t.id, t.name, t.connector_seats, t.consent_state, t.sync_enabled, t.schedule_minutes,
        d.pbx_read_at, d.microsoft_read_at,
        (SELECT COUNT(*) FROM sync_failures f
          WHERE f.tenant_id = t.id AND f.resolved_at IS NULL) AS open_failures,
        (SELECT COUNT(*) FROM tenant_users u
          WHERE u.tenant_id = t.id AND u.state = 'synced') AS seats_used,
        (SELECT MAX(r.finished_at) FROM sync_runs r
          WHERE r.tenant_id = t.id AND r.state = 'succeeded') AS last_success,
        (SELECT COUNT(*) FROM (
            SELECT r.state FROM sync_runs r
            WHERE r.tenant_id = t.id AND r.finished_at IS NOT NULL
            ORDER BY r.finished_at DESC LIMIT ${FAILED_RUNS_FOR_RED}
          ) latest WHERE latest.state = 'failed') AS latest_failed
      FROM tenants t LEFT JOIN directory_state d ON d.tenant_id = t.id
      WHERE t.deleted_at IS NULL ${ids ? 'AND t.id IN (:...ids)' : ''}`;
    const [query, params] = this.dataSource.driver.escapeQueryWithParameters(sql, { ids });
    const rows: Raw[] = await this.dataSource.query(query, params);
    return rows.map((r) => {
      const pbx = instant(r.pbx_read_at);
      const microsoft = instant(r.microsoft_read_at);
      return {
        tenantId: String(r.id),
        name: String(r.name),
        connectorSeats: Number(r.connector_seats),
        seatsUsed: Number(r.seats_used),
        lastSuccessfulSync: instant(r.last_success),
        consentState: r.consent_state as ConsentState,
        syncEnabled: r.sync_enabled === true || Number(r.sync_enabled) === 1,
        scheduleMinutes: Number(r.schedule_minutes),
        lastThreeRunsFailed: Number(r.latest_failed) === FAILED_RUNS_FOR_RED,
        openFailures: Number(r.open_failures),
        oldestReadAt: pbx && microsoft ? (pbx < microsoft ? pbx : microsoft) : null,
        // The fleet lists live tenants only.
        restorableUntil: null,
      };
    });
  }
}
