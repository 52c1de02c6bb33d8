import { Module } from '@nestjs/common';
import { CloudPbxDirectory } from '../../pbx/cloud-pbx-directory';
import { PbxDirectory } from '../../pbx/pbx-directory';
import { DirectorySnapshots } from '../../directory/directory-snapshots';
import { MappingsController } from '../../mapping/mappings.controller';
import { MappingsService } from '../../mapping/mappings.service';
import { TenantsModule } from '../../tenants/tenants.module';
import { PreviewController } from './preview.controller';
import { PreviewService } from './preview.service';

/** Reading both directories, manual mappings, and the sync preview built on them. */
@Module({
  imports: [TenantsModule],
  providers: [
    { provide: PbxDirectory, useFactory: () => new CloudPbxDirectory() },
    DirectorySnapshots,
    PreviewService,
    MappingsService,
  ],
  controllers: [PreviewController, MappingsController],
  exports: [DirectorySnapshots],
})
export class PreviewModule {}
