import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { AppLogger, createPinoLogger } from '../../src/common/logging/app-logger';
import {
  PbxUserEntity,
  TeamsAddressEntity,
  TeamsUserEntity,
} from '../../src/snapshots/snapshot.entities';
import { SnapshotsRepository } from '../../src/snapshots/snapshots.repository';
import { newTenant } from '../../src/tenants/new-tenant';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
import { benchConfig, BenchService, signIn } from './bench-service';

export interface MappingImportSample {
  rows: number;
  fileMb: number;
  dryRunSeconds: number;
  importSeconds: number;
  accepted: number;
  rejected: number;
  /** Peak RSS of the service process once signed in to, before the first upload. */
  baselineRssMb: number;
  peakRssMb: number;
}

const SEED_CHUNK = 5_000;
const pbxId = (i: number) => `pbx-${String(i).padStart(6, '0')}`;
const upn = (i: number) => `user${i}@contoso.example`;

/**
 * Both directories as a read would leave them (statistics refreshed too), `rows` users each side, whose e-mail addresses
 * match nobody: every PBX user needs a manual mapping. Returns the tenant's id.
 */
export async function seedMappingTenant(
  dbEnv: Record<string, string>,
  rows: number,
): Promise<string> {
  const config = benchConfig(dbEnv);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, logger: new AppLogger(createPinoLogger('warn')) }),
    { logger: false },
  );
  try {
    const now = new Date();
    const tenant = {
      ...newTenant(
        {
          name: 'Bench',
          connectorSeats: rows,
          pbxAccountId: 'acct',
          pbxApiUrl: 'https://pbx.example',
          pbxClientId: 'client',
          pbxClientSecretEncrypted: '',
        },
        now,
      ),
      microsoftTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      consentState: 'granted' as const,
    };
    await app.get(TenantsRepository).insert(tenant);
    const snapshots = app.get(SnapshotsRepository);
    for (let from = 0; from < rows; from += SEED_CHUNK) {
      const ids = Array.from({ length: Math.min(SEED_CHUNK, rows - from) }, (_, k) => from + k);
      await snapshots.upsertPbxUsers(
        ids.map((i) => ({
          tenantId: tenant.id,
          id: pbxId(i),
          email: `ext${i}@pbx.example`,
          firstName: 'P',
          lastName: String(i),
          extension: String(1000 + i),
          directNumber: null,
          e164: null,
          numberProblem: 'NO_DIRECT_NUMBER',
          status: 'active' as const,
          secureCalling: false,
        })),
      );
      await snapshots.upsertTeamsUsers(
        ids.map((i) => ({
          tenantId: tenant.id,
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          userPrincipalName: upn(i),
          mail: upn(i),
          proxyAddresses: [`SMTP:${upn(i)}`],
          displayName: `User ${i}`,
          accountEnabled: true,
          userType: 'Member' as const,
          hasPhoneSystem: true,
        })),
      );
    }
    await snapshots.refreshStatistics([PbxUserEntity, TeamsUserEntity, TeamsAddressEntity]);
    await snapshots.saveState(tenant.id, { pbxReadAt: now, microsoftReadAt: now });
    return tenant.id;
  } finally {
    await app.close();
  }
}

/** The file's lines, generated as they are sent. */
function* mappingLines(rows: number): Generator<string> {
  yield 'PBX user id,Teams user\r\n';
  for (let i = 0; i < rows; i++) yield `${pbxId(i)},${upn(i)}\r\n`;
}

/** A multipart body with one file part, streamed in chunks of about 64 KB. */
function multipartFile(boundary: string, lines: Iterable<string>) {
  let fileBytes = 0;
  return {
    fileBytes: () => fileBytes,
    *chunks(): Generator<Buffer> {
      yield Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="mappings.csv"\r\ncontent-type: text/csv\r\n\r\n`,
      );
      let chunk = '';
      for (const line of lines) {
        chunk += line;
        if (chunk.length < 65_536) continue;
        fileBytes += chunk.length;
        yield Buffer.from(chunk);
        chunk = '';
      }
      fileBytes += chunk.length;
      yield Buffer.from(`${chunk}\r\n--${boundary}--\r\n`);
    },
  };
}

/**
 * Imports a `rows`-row file through HTTP into the service, first as a dry run, then for real.
 * The file is generated as it is sent, in this process: the service's peak RSS is the service's.
 */
export async function measureMappingImport(
  service: BenchService,
  tenantId: string,
  rows: number,
): Promise<MappingImportSample> {
  const base = service.origin;
  const accessToken = await signIn(service);
  let fileBytes = 0;
  const upload = async (dryRun: boolean) => {
    const boundary = `bench-${randomBytes(8).toString('hex')}`;
    const body = multipartFile(boundary, mappingLines(rows));
    const started = performance.now();
    const res = await fetch(`${base}/api/v1/tenants/${tenantId}/mappings/import?dryRun=${dryRun}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: Readable.toWeb(Readable.from(body.chunks())) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const answer = (await res.json()) as {
      accepted: number;
      rejected: unknown[];
      applied: boolean;
    };
    if (res.status !== 200 || answer.applied === dryRun)
      throw new Error(`import answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
    fileBytes = body.fileBytes();
    return { body: answer, seconds: Math.round(performance.now() - started) / 1000 };
  };
  // The service, signed in to, before any import.
  const baselineRssMb = Math.round(await service.peakRssMb());
  const dry = await upload(true);
  const real = await upload(false);
  return {
    rows,
    fileMb: Math.round((fileBytes / 1048576) * 10) / 10,
    dryRunSeconds: dry.seconds,
    importSeconds: real.seconds,
    accepted: real.body.accepted,
    rejected: real.body.rejected.length,
    baselineRssMb,
    peakRssMb: Math.round(await service.peakRssMb()),
  };
}
