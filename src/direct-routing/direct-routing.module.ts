import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { DirectRoutingController } from './direct-routing.controller';
import { DirectRoutingService } from './direct-routing.service';

/** Direct Routing onboarding in the carrier model: the tenant's SBC domain and voice routing. */
@Module({
  imports: [TenantsModule],
  controllers: [DirectRoutingController],
  providers: [DirectRoutingService],
})
export class DirectRoutingModule {}
