import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { GraphClientDirectory } from './graph-client-directory';
import { MicrosoftDirectory } from './microsoft-directory';
import { MsalTokenProvider } from './msal-token-provider';
import { TokenProvider } from './token-provider';

@Global()
@Module({
  providers: [
    {
      provide: TokenProvider,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new MsalTokenProvider(config.microsoft),
    },
    {
      provide: MicrosoftDirectory,
      inject: [AppConfig, TokenProvider],
      useFactory: (config: AppConfig, tokens: TokenProvider) =>
        new GraphClientDirectory(config.microsoft, tokens),
    },
  ],
  exports: [TokenProvider, MicrosoftDirectory],
})
export class MicrosoftModule {}
