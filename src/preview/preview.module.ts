import { Module } from '@nestjs/common';
import { DirectRoutingModule } from '../direct-routing/direct-routing.module';
import { MappingModule } from '../mapping/mapping.module';
import { MicrosoftModule } from '../microsoft/microsoft.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { TenantsModule } from '../tenants/tenants.module';
import { PreviewController } from './preview.controller';
import { PreviewService } from './preview.service';
import { PreviewUsers } from './preview-users';
import { Planning } from './planning';
import { PreviewsRepository } from './previews.repository';
import { VoiceRoutingPolicies } from './voice-routing-policies';
import { VoiceRoutingPoliciesController } from './voice-routing-policies.controller';

/** "What would a sync do": the plan over both directories, its figures and the users behind them. */
@Module({
  imports: [TenantsModule, SnapshotsModule, MappingModule, MicrosoftModule, DirectRoutingModule],
  providers: [Planning, PreviewsRepository, PreviewService, PreviewUsers, VoiceRoutingPolicies],
  controllers: [PreviewController, VoiceRoutingPoliciesController],
  exports: [Planning, PreviewsRepository],
})
export class PreviewModule {}
