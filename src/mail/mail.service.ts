import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { KeyRing } from '../common/crypto/key-ring';
import { afterCommit } from '../database/transaction';
import { JobQueue } from '../common/queue/job-queue';
import { OutboxRepository } from './outbox.repository';
import { OutgoingEmail } from './templates';

/**
 * Queues e-mail through an outbox row written in the caller's transaction, so a message exists
 * exactly when what caused it does; a job delivers it and retries until the mail server accepts it.
 */
@Injectable()
export class MailService implements OnApplicationBootstrap {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly keys: KeyRing,
  ) {}

  async queue(email: OutgoingEmail, manager: EntityManager): Promise<string> {
    const id = randomUUID();
    await this.outbox.insert(
      {
        id,
        recipient: email.to,
        subject: email.subject,
        textBody: this.keys.encrypt(email.text),
        htmlBody: this.keys.encrypt(email.html),
        status: 'pending',
        attempts: 0,
        lastError: null,
        createdAt: this.clock.now(),
        sentAt: null,
      },
      manager,
    );
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
    for (const id of await this.outbox.pendingIds()) await this.enqueueDelivery(id);
  }

  private enqueueDelivery(id: string): Promise<string> {
    return this.jobs.enqueue('email.deliver', { emailId: id }, { jobId: `email-${id}` });
  }
}
