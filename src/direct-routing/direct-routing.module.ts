import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { QueueModule } from '../common/queue/queue.module';
import { AppConfig } from '../config/config';
import { MicrosoftModule } from '../microsoft/microsoft.module';
import { TenantsModule } from '../tenants/tenants.module';
import { ActivationUsers } from './activation-users';
import { DirectRoutingController } from './direct-routing.controller';
import { DirectRoutingReadiness } from './direct-routing-readiness';
import { DirectRoutingService } from './direct-routing.service';
import { OnboardingRunner } from './onboarding-runner';
import { OnboardingsRepository } from './onboardings.repository';
import { PowerDns } from './powerdns';
import { ManualSbcDns, SbcDns } from './sbc-dns';

/** Direct Routing onboarding in the carrier model: the tenant's SBC domain and voice routing. */
@Module({
  imports: [TenantsModule, MicrosoftModule, AuditModule, QueueModule],
  controllers: [DirectRoutingController],
  providers: [
    DirectRoutingService,
    DirectRoutingReadiness,
    OnboardingRunner,
    ActivationUsers,
    OnboardingsRepository,
    {
      provide: SbcDns,
      inject: [AppConfig],
      useFactory: ({ directRouting }: AppConfig) =>
        directRouting.powerDns ? new PowerDns(directRouting.powerDns) : new ManualSbcDns(),
    },
  ],
  exports: [DirectRoutingReadiness],
})
export class DirectRoutingModule {}
