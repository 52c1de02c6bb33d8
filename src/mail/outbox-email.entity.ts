import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';

/** A message to send; written in the same breath as what caused it, delivered by a job. */
@Entity('outbox_emails')
export class OutboxEmailEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 320 })
  recipient!: string;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  /**
   * The bodies, encrypted under the key ring (an invitation's carries a one-time link), and
   * emptied once the message is delivered.
   */
  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: 'pending' | 'sent' | 'failed';

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @InstantColumn('created_at')
  createdAt!: Date;

  @InstantColumn('sent_at', { nullable: true })
  sentAt!: Date | null;
}
