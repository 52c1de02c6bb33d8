import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { afterCommit } from '../database/transaction';
import { JobQueue } from '../common/queue/job-queue';
import { OutboxEmailEntity } from './outbox-email.entity';
import { OutgoingEmail } from './templates';

/**
 * Queues e-mail through an outbox row written in the caller's transaction, so a message exists
 * exactly when what caused it does; a job delivers it and retries until the mail server accepts it.
 */
@Injectable()
export class MailService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async queue(email: OutgoingEmail, manager: EntityManager): Promise<string> {
    const id = randomUUID();
    await manager.getRepository(OutboxEmailEntity).insert({
      id,
      recipient: email.to,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html,
      status: 'pending',
      attempts: 0,
      lastError: null,
      createdAt: this.clock.now(),
      sentAt: null,
    });
    // Enqueued once the row is committed, so the job never looks for a row that is not there yet.
    await afterCommit(manager, () => this.enqueueDelivery(id));
    return id;
  }

  /**
   * A row whose job was never queued (Redis was down when it was written) is queued again when a
   * worker starts; the job id is the row's, so a job already queued is not doubled.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.app.role === 'api') return;
    const pending = await this.dataSource
      .getRepository(OutboxEmailEntity)
      .find({ where: { status: 'pending' }, select: { id: true } });
    for (const { id } of pending) await this.enqueueDelivery(id);
  }

  private enqueueDelivery(id: string): Promise<string> {
    return this.jobs.enqueue('email.deliver', { emailId: id }, { jobId: `email-${id}` });
  }
}
