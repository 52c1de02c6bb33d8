import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from '../common/crypto/crypto.module';
import { EventsModule } from '../common/events/events.module';
import { MicrosoftModule } from '../microsoft/microsoft.module';
import { TenantsModule } from '../tenants/tenants.module';
import { AdminConsentStep } from './admin-consent-step.service';
import { ConnectionCheckService } from './connection-check.service';
import { ConsentCallback } from './consent-callback.service';
import { ConsentController } from './consent.controller';
import { ConsentLinks } from './consent-links';
import { ConsentRecords } from './consent-records.service';
import { ConsentService } from './consent.service';
import { ConsentRequestsRepository } from './consent-requests.repository';
import { DirectRoutingChecks } from './direct-routing-checks';
import { GrantConfirmation } from './grant-confirmation.service';

@Module({
  imports: [TenantsModule, MicrosoftModule, EventsModule, CryptoModule, AuditModule],
  providers: [
    ConsentRequestsRepository,
    ConsentLinks,
    ConsentRecords,
    GrantConfirmation,
    ConsentService,
    ConsentCallback,
    AdminConsentStep,
    ConnectionCheckService,
    DirectRoutingChecks,
  ],
  controllers: [ConsentController],
})
export class ConsentModule {}
