import { Module } from '@nestjs/common';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { MappingsController } from './mappings.controller';
import { MappingsRepository } from './mappings.repository';
import { MappingsService } from './mappings.service';

/** Manual mappings: a Teams user chosen by an admin for a PBX user. */
@Module({
  imports: [SnapshotsModule],
  providers: [MappingsRepository, MappingsService],
  controllers: [MappingsController],
  exports: [MappingsRepository],
})
export class MappingModule {}
