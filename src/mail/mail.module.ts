import { Module } from '@nestjs/common';
import { CryptoModule } from '../common/crypto/crypto.module';
import { QueueModule } from '../common/queue/queue.module';
import { MailDelivery } from './mail-delivery';
import { MailService } from './mail.service';
import { OutboxRepository } from './outbox.repository';

/** E-mail through an outbox: SMTP, or `.eml` files when no SMTP server is configured. */
@Module({
  imports: [QueueModule, CryptoModule],
  providers: [OutboxRepository, MailService, MailDelivery],
  exports: [MailService],
})
export class MailModule {}
