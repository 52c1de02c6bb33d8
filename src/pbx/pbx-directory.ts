/** The connection to one customer's PBX account. */
export interface PbxAccount {
  apiUrl: string;
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export interface PbxDirectoryUser {
  id: string;
  email: string | null;
  firstName: string;
  lastName: string;
  extension: string;
  directNumber: string | null;
  status: 'active' | 'suspended' | 'deleted';
  /**
   * Secure calling is on: the PBX encrypts this user's calls end to end, which a call carried
   * through the SBC to Teams cannot keep. Such users are blocked until it is turned off.
   */
  secureCalling: boolean;
  modifiedAt: string;
}

export type PbxErrorKind = 'auth' | 'transient' | 'not_found' | 'permanent';

export class PbxError extends Error {
  constructor(
    readonly kind: PbxErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PbxError';
  }
}

/** The PBX's user directory, read as a stream of pages. */
export abstract class PbxDirectory {
  /** Signs in with the account's credentials now (no token kept from before is used). */
  abstract signIn(account: PbxAccount): Promise<void>;

  /**
   * Every user, or with `modifiedSince` only those changed since then (deletions included, as
   * users with status `deleted`).
   */
  abstract users(
    account: PbxAccount,
    options?: { modifiedSince?: Date },
  ): AsyncIterable<PbxDirectoryUser[]>;
}
