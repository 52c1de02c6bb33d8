import { Global, Module } from '@nestjs/common';
import { MailDelivery } from './mail-delivery';
import { MailService } from './mail.service';

@Global()
@Module({ providers: [MailService, MailDelivery], exports: [MailService] })
export class MailModule {}
