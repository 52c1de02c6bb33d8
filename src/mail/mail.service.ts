import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
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
export class MailService {
  constructor(
    private readonly jobs: JobQueue,
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
    await afterCommit(manager, () =>
      this.jobs.enqueue('email.deliver', { emailId: id }, { jobId: `email-${id}` }),
    );
    return id;
  }
}
