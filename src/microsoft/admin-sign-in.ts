/** Who signed in, as Microsoft's ID token says; never as anything a browser could type. */
export interface SignedInAdmin {
  /** The `tid` claim: the Microsoft 365 tenant the person belongs to. */
  microsoftTenantId: string;
  /** The `oid` claim: the person's object id in that tenant. */
  objectId: string;
  /** The `preferred_username` claim, for people to read; never used to decide anything. */
  username: string;
  /**
   * Directory role template ids from the `wids` claim; null when the token carries no `wids`
   * (the app registration does not ask for directory-role claims), so roles must be read from Graph.
   */
  directoryRoles: string[] | null;
}

export interface SignInRequest {
  /** A tenant id when the customer is known to Microsoft already, else `organizations`. */
  tenant: string;
  redirectUri: string;
  state: string;
  nonce: string;
  /** PKCE: the S256 challenge of a verifier only this service knows. */
  codeChallenge: string;
}

/** OpenID Connect sign-in of a customer's administrator (authorization code with PKCE). */
export abstract class AdminSignIn {
  /** Where to send the administrator's browser. */
  abstract signInUrl(request: SignInRequest): Promise<string>;
  /**
   * Redeems the code at Microsoft's token endpoint and checks the ID token (signature against the
   * tenant's published keys, issuer, audience, expiry, nonce). Throws MicrosoftError otherwise.
   */
  abstract redeem(request: {
    code: string;
    codeVerifier: string;
    nonce: string;
    redirectUri: string;
  }): Promise<SignedInAdmin>;
}
