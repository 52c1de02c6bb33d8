import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/columns';

/** A customer of the PBX provider: one Microsoft 365 organisation and one PBX account. */
@Entity('tenants')
export class TenantEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'connector_seats', type: 'integer' })
  connectorSeats!: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt!: Date;
}
