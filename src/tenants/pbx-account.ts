import { KeyRing } from '../common/crypto/key-ring';
import { PbxAccount } from '../pbx/pbx-directory';
import { TenantEntity } from './tenant.entity';

/** The tenant's PBX account, its secret decrypted for the request about to be made. */
export function pbxAccountOf(tenant: TenantEntity, keyRing: KeyRing): PbxAccount {
  return {
    apiUrl: tenant.pbxApiUrl,
    accountId: tenant.pbxAccountId,
    clientId: tenant.pbxClientId,
    clientSecret: keyRing.decrypt(tenant.pbxClientSecretEncrypted ?? ''),
  };
}
