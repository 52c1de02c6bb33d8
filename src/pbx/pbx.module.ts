import { Module } from '@nestjs/common';
import { CloudPbxDirectory } from './cloud-pbx-directory';
import { PbxDirectory } from './pbx-directory';

/** The PBX directory port and its cloud PBX adapter. */
@Module({
  providers: [{ provide: PbxDirectory, useFactory: () => new CloudPbxDirectory() }],
  exports: [PbxDirectory],
})
export class PbxModule {}
