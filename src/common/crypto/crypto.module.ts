import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { KeyRing } from './key-ring';
import { loadKeyRing } from './key-ring.provider';

@Module({
  providers: [
    {
      provide: KeyRing,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => loadKeyRing(config.security),
    },
  ],
  exports: [KeyRing],
})
export class CryptoModule {}
