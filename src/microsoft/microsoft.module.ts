import { Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { AdminSignIn } from './admin-sign-in';
import { GraphClientDirectory } from './graph-client-directory';
import { GraphClients } from './graph-clients';
import { GraphTeamsTelephony } from './graph-teams-telephony';
import { TeamsTelephony } from './teams-telephony';
import { MicrosoftDirectory } from './microsoft-directory';
import { MsalAdminSignIn } from './msal-admin-sign-in';
import { MsalTokenProvider } from './msal-token-provider';
import { TokenProvider } from './token-provider';

/** Microsoft identity platform and Graph: the ports and their graph-client and MSAL adapters. */
@Module({
  providers: [
    {
      provide: TokenProvider,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new MsalTokenProvider(config.microsoft),
    },
    {
      provide: AdminSignIn,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new MsalAdminSignIn(config.microsoft),
    },
    {
      provide: GraphClients,
      inject: [AppConfig, TokenProvider],
      useFactory: (config: AppConfig, tokens: TokenProvider) =>
        new GraphClients(config.microsoft, tokens),
    },
    {
      provide: MicrosoftDirectory,
      inject: [GraphClients],
      useFactory: (graph: GraphClients) => new GraphClientDirectory(graph),
    },
    {
      provide: TeamsTelephony,
      inject: [GraphClients],
      useFactory: (graph: GraphClients) => new GraphTeamsTelephony(graph),
    },
  ],
  exports: [TokenProvider, AdminSignIn, GraphClients, MicrosoftDirectory, TeamsTelephony],
})
export class MicrosoftModule {}
