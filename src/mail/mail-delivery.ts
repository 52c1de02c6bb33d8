import { Injectable } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { KeyRing } from '../common/crypto/key-ring';
import { AppLogger } from '../common/logging/app-logger';
import { JobHandler } from '../common/queue/job-handler.decorator';
import { JobPayloads } from '../common/queue/job-catalogue';
import { OutboxEmailEntity } from './outbox-email.entity';
import { OutboxRepository } from './outbox.repository';

/** Delivers outbox e-mail: over SMTP when SMTP_URL is set, otherwise as .eml files (the demo). */
@Injectable()
export class MailDelivery {
  private readonly transport: Transporter;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
    private readonly keys: KeyRing,
  ) {
    this.transport = config.mail.smtpUrl
      ? createTransport(config.mail.smtpUrl)
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  @JobHandler('email.deliver')
  async deliver({ emailId }: JobPayloads['email.deliver']): Promise<void> {
    const email = await this.outbox.find(emailId);
    if (!email || email.status === 'sent') return;
    try {
      const text = this.opened(email.textBody);
      const info = await this.transport.sendMail({
        from: this.config.mail.from,
        to: email.recipient,
        subject: email.subject,
        text,
        html: this.opened(email.htmlBody),
      });
      if (!this.config.mail.smtpUrl) {
        this.writeToOutbox(email, text, (info as unknown as { message: Buffer }).message);
      }
      // Delivered: the bodies (and the links in them) are no longer kept.
      await this.outbox.update(email.id, {
        status: 'sent',
        sentAt: this.clock.now(),
        attempts: email.attempts + 1,
        lastError: null,
        textBody: '',
        htmlBody: '',
      });
      this.logger.info({ emailId: email.id }, 'e-mail delivered');
    } catch (error) {
      await this.outbox.update(email.id, {
        attempts: email.attempts + 1,
        lastError: (error as Error).message,
      });
      throw error; // BullMQ retries with backoff, as the catalogue says
    }
  }

  /** A body as written; rows from before bodies were encrypted are plain text. */
  private opened(body: string): string {
    return body.startsWith('enc:') ? this.keys.decrypt(body) : body;
  }

  /** The whole message as .eml (opens in any mail client) and its text beside it, easy to read. */
  private writeToOutbox(email: OutboxEmailEntity, textBody: string, message: Buffer): void {
    const dir = this.config.mail.outboxDir;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${email.id}.eml`), message, { mode: 0o600 });
    const text = `To: ${email.recipient}\nSubject: ${email.subject}\n\n${textBody}\n`;
    writeFileSync(join(dir, `${email.id}.txt`), text, { mode: 0o600 });
  }
}
