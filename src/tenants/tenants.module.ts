import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CryptoModule } from '../common/crypto/crypto.module';
import { EventsModule } from '../common/events/events.module';
import { TenantOperatorsController } from './tenant-operators.controller';
import { TenantsController } from './tenants.controller';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';
import { TenantResourceOwner } from './tenant-resource-owner';

@Module({
  imports: [AccessModule, CryptoModule, EventsModule],
  providers: [TenantsRepository, TenantsService, TenantResourceOwner],
  controllers: [TenantsController, TenantOperatorsController],
  exports: [TenantsRepository],
})
export class TenantsModule {}
