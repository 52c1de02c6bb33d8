import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { MetricsModule } from '../common/metrics/metrics.module';
import { AppConfig } from '../config/config';
import { AdminSignIn } from './admin-sign-in';
import { DirectorySetup } from './directory-setup';
import { GraphClientDirectory } from './graph-client-directory';
import { GraphDirectorySetup } from './graph-directory-setup';
import { GraphClients } from './graph-clients';
import { GraphMetrics } from './graph-metrics';
import { GraphTeamsTelephony } from './graph-teams-telephony';
import { TeamsTelephony } from './teams-telephony';
import { MicrosoftDirectory } from './microsoft-directory';
import { MsalAdminSignIn } from './msal-admin-sign-in';
import { MsalTokenProvider } from './msal-token-provider';
import { TokenProvider } from './token-provider';

/** Microsoft identity platform and Graph: the ports and their graph-client and MSAL adapters. */
@Module({
  imports: [MetricsModule],
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
      inject: [AppConfig, TokenProvider, Registry],
      useFactory: (config: AppConfig, tokens: TokenProvider, registry: Registry) =>
        new GraphClients(config.microsoft, tokens, new GraphMetrics(registry)),
    },
    {
      provide: MicrosoftDirectory,
      inject: [GraphClients],
      useFactory: (graph: GraphClients) => new GraphClientDirectory(graph),
    },
    {
      provide: DirectorySetup,
      inject: [GraphClients],
      useFactory: (graph: GraphClients) => new GraphDirectorySetup(graph),
    },
    {
      provide: TeamsTelephony,
      inject: [GraphClients],
      useFactory: (graph: GraphClients) => new GraphTeamsTelephony(graph),
    },
  ],
  exports: [
    TokenProvider,
    AdminSignIn,
    GraphClients,
    MicrosoftDirectory,
    DirectorySetup,
    TeamsTelephony,
  ],
})
export class MicrosoftModule {}
