import { Module } from '@nestjs/common';
import { CryptoModule } from '../common/crypto/crypto.module';
import { QueueModule } from '../common/queue/queue.module';
import { MicrosoftModule } from '../microsoft/microsoft.module';
import { PbxModule } from '../pbx/pbx.module';
import { DirectoryLeases } from './directory-lease';
import { DirectorySnapshots } from './directory-snapshots';
import { People } from './people';
import { SnapshotsRepository } from './snapshots.repository';

/** Both directories as last read (full and delta), and the plan input loaded from them. */
@Module({
  imports: [MicrosoftModule, PbxModule, CryptoModule, QueueModule],
  providers: [SnapshotsRepository, DirectorySnapshots, DirectoryLeases, People],
  exports: [SnapshotsRepository, DirectorySnapshots, DirectoryLeases, People],
})
export class SnapshotsModule {}
