import { Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { CloudPbxDirectory } from './cloud-pbx-directory';
import { PbxDirectory } from './pbx-directory';

/** The PBX directory port and its cloud PBX adapter. */
@Module({
  providers: [
    {
      provide: PbxDirectory,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new CloudPbxDirectory(config.security.pbx),
    },
  ],
  exports: [PbxDirectory],
})
export class PbxModule {}
