import { Module } from '@nestjs/common';
import { AccessModule } from '../auth/access.module';
import { TenantsController } from './tenants.controller';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

@Module({
  imports: [AccessModule],
  providers: [TenantsRepository, TenantsService],
  controllers: [TenantsController],
  exports: [TenantsRepository],
})
export class TenantsModule {}
