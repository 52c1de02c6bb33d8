import { Module } from '@nestjs/common';
import { QueueModule } from '../common/queue/queue.module';
import { MailDelivery } from './mail-delivery';
import { MailService } from './mail.service';

/** E-mail through an outbox: SMTP, or `.eml` files when no SMTP server is configured. */
@Module({ imports: [QueueModule], providers: [MailService, MailDelivery], exports: [MailService] })
export class MailModule {}
