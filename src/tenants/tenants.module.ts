import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from '../common/crypto/crypto.module';
import { EventsModule } from '../common/events/events.module';
import { PbxModule } from '../pbx/pbx.module';
import { PbxChecks } from './pbx-checks';
import { TenantPeople } from './tenant-people.service';
import { TenantDeletion } from './tenant-deletion';
import { QueueModule } from '../common/queue/queue.module';
import { TenantOperatorsController } from './tenant-operators.controller';
import { TenantsController } from './tenants.controller';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';
import { TenantResourceOwner } from './tenant-resource-owner';

@Module({
  imports: [AccessModule, AuditModule, CryptoModule, EventsModule, PbxModule, QueueModule],
  providers: [
    TenantsRepository,
    TenantsService,
    TenantDeletion,
    TenantPeople,
    TenantResourceOwner,
    PbxChecks,
  ],
  controllers: [TenantsController, TenantOperatorsController],
  exports: [TenantsRepository, TenantDeletion, PbxChecks],
})
export class TenantsModule {}
