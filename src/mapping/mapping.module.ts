import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { TenantsModule } from '../tenants/tenants.module';
import { MappingFiles } from './mapping-files.service';
import { MappingImportRowsRepository } from './mapping-import-rows.repository';
import { MappingImports } from './mapping-imports';
import { MappingLookups } from './mapping-lookups';
import { MappingsController } from './mappings.controller';
import { MappingsRepository } from './mappings.repository';
import { MappingsService } from './mappings.service';

/** Manual mappings: a Teams user chosen by an admin for a PBX user. */
@Module({
  imports: [SnapshotsModule, TenantsModule, AuditModule],
  providers: [
    MappingsRepository,
    MappingLookups,
    MappingImportRowsRepository,
    MappingImports,
    MappingsService,
    MappingFiles,
  ],
  controllers: [MappingsController],
  exports: [MappingsRepository],
})
export class MappingModule {}
