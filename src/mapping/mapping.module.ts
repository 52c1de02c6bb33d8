import { Module } from '@nestjs/common';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { TenantsModule } from '../tenants/tenants.module';
import { MappingDirectories } from './mapping-directories';
import { MappingFiles } from './mapping-files.service';
import { MappingsController } from './mappings.controller';
import { MappingsRepository } from './mappings.repository';
import { MappingsService } from './mappings.service';

/** Manual mappings: a Teams user chosen by an admin for a PBX user. */
@Module({
  imports: [SnapshotsModule, TenantsModule],
  providers: [MappingsRepository, MappingDirectories, MappingsService, MappingFiles],
  controllers: [MappingsController],
  exports: [MappingsRepository],
})
export class MappingModule {}
