import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';

/** A signed-in session behind a bearer token; only the token's hash is stored. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'operator_id', type: 'varchar', length: 36 })
  operatorId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @InstantColumn('created_at')
  createdAt!: Date;

  @InstantColumn('expires_at')
  expiresAt!: Date;

  @InstantColumn('revoked_at', { nullable: true })
  revokedAt!: Date | null;
}
