import { Module } from '@nestjs/common';
import { CryptoModule } from '../common/crypto/crypto.module';
import { EventsModule } from '../common/events/events.module';
import { MicrosoftModule } from '../microsoft/microsoft.module';
import { TenantsModule } from '../tenants/tenants.module';
import { ConnectionCheckService } from './connection-check.service';
import { ConsentController } from './consent.controller';
import { ConsentService } from './consent.service';
import { ConsentRequestsRepository } from './consent-requests.repository';

@Module({
  imports: [TenantsModule, MicrosoftModule, EventsModule, CryptoModule],
  providers: [ConsentRequestsRepository, ConsentService, ConnectionCheckService],
  controllers: [ConsentController],
})
export class ConsentModule {}
