import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditController } from './audit.controller';
import { AuditLog } from './audit-log';
import { AuditRepository } from './audit.repository';

/** The audit log of each tenant: written by the modules that change tenants, read by their admins. */
@Module({
  imports: [AccessModule],
  providers: [AuditRepository, AuditLog],
  controllers: [AuditController],
  exports: [AuditLog],
})
export class AuditModule {}
