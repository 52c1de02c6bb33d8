import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { ConnectionCheckService } from './connection-check.service';
import { ConsentController } from './consent.controller';
import { ConsentService } from './consent.service';

@Module({
  imports: [TenantsModule],
  providers: [ConsentService, ConnectionCheckService],
  controllers: [ConsentController],
})
export class ConsentModule {}
