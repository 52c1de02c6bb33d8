import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Agent, fetch, RequestInit, Response } from 'undici';
import {
  ADDRESS_REFUSED,
  outboundAgent,
  OutboundRules,
  Resolve,
  urlProblem,
} from '../common/net/outbound-address';
import { PbxAccount, PbxDirectory, PbxDirectoryUser, PbxError } from './pbx-directory';

const PAGE_SIZE = 500;
const MAX_ATTEMPTS = 5;
const TOKEN_MARGIN_MS = 60_000;

interface CachedToken {
  value: string;
  expiresAt: number;
}

/**
 * A cloud PBX admin API: OAuth client credentials at `{apiUrl}/oauth/token`, users at
 * `{apiUrl}/v1/accounts/{accountId}/users` with cursor paging (`pageMarker`, `nextPageMarker`).
 */
@Injectable()
export class CloudPbxDirectory extends PbxDirectory {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly agent: Agent;

  constructor(
    /** Where the PBX API may be: checked on every request and every connection. */
    private readonly rules: OutboundRules,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
    resolve?: Resolve,
  ) {
    super();
    this.agent = outboundAgent(rules, resolve);
  }

  async *users(
    account: PbxAccount,
    options: { modifiedSince?: Date } = {},
  ): AsyncIterable<PbxDirectoryUser[]> {
    let marker: string | null = null;
    do {
      const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
      if (marker) query.set('pageMarker', marker);
      else if (options.modifiedSince)
        query.set('modifiedSince', options.modifiedSince.toISOString());
      const url = `${account.apiUrl}/v1/accounts/${encodeURIComponent(account.accountId)}/users?${query}`;
      const page = (await this.get(account, url)) as {
        items: PbxDirectoryUser[];
        nextPageMarker: string | null;
      };
      // A PBX that does not report the flag has no secure calling to turn off.
      yield page.items.map((u) => ({ ...u, secureCalling: u.secureCalling === true }));
      marker = page.nextPageMarker;
    } while (marker);
  }

  /** GET with a bearer token: one fresh token on 401, backoff (or Retry-After) on 429 and 5xx. */
  private async get(account: PbxAccount, url: string): Promise<unknown> {
    let renewedToken = false;
    for (let attempt = 1; ; attempt++) {
      const res = await this.send(url, {
        headers: {
          authorization: `Bearer ${await this.token(account)}`,
          accept: 'application/json',
        },
      });
      if (res.ok) return res.json();
      if (res.status === 401 && !renewedToken) {
        this.tokens.delete(this.tokenKey(account));
        renewedToken = true;
        continue;
      }
      const error = await this.errorOf(res);
      if (error.kind !== 'transient' || attempt >= MAX_ATTEMPTS) throw error;
      const retryAfter = Number(res.headers.get('retry-after'));
      await this.sleep(
        Number.isFinite(retryAfter) && retryAfter > 0
          ? retryAfter * 1000
          : Math.min(500 * 2 ** attempt, 15_000),
      );
    }
  }

  /** A changed secret must not keep working off a token cached for the old one. */
  private tokenKey(account: PbxAccount): string {
    const secret = createHash('sha256').update(account.clientSecret).digest('base64url');
    return `${account.apiUrl}|${account.clientId}|${secret}`;
  }

  async signIn(account: PbxAccount): Promise<void> {
    this.tokens.delete(this.tokenKey(account));
    await this.token(account);
  }

  private async token(account: PbxAccount): Promise<string> {
    const cached = this.tokens.get(this.tokenKey(account));
    if (cached && cached.expiresAt - TOKEN_MARGIN_MS > Date.now()) return cached.value;
    const res = await this.send(`${account.apiUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${account.clientId}:${account.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    if (!res.ok) {
      const error = await this.errorOf(res);
      throw res.status === 400 || res.status === 401
        ? new PbxError(
            'auth',
            `The PBX refused the connector's credentials for account ${account.accountId} (${res.status}).`,
            res.status,
          )
        : error;
    }
    const body = (await res.json()) as { access_token: string; expires_in: number };
    this.tokens.set(this.tokenKey(account), {
      value: body.access_token,
      expiresAt: Date.now() + body.expires_in * 1000,
    });
    return body.access_token;
  }

  /** The PBX secret and token go to the configured address only: no redirect is followed. */
  private async send(url: string, init: RequestInit): Promise<Response> {
    const problem = urlProblem(url, this.rules);
    if (problem) throw refused(problem);
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
        dispatcher: this.agent,
      });
    } catch (error) {
      const cause = (error as { cause?: Error & { code?: string } }).cause;
      if (cause?.code === ADDRESS_REFUSED) throw refused(cause.message);
      throw new PbxError('transient', `The PBX did not answer (${(error as Error).message}).`);
    }
    if (res.status >= 300 && res.status < 400)
      throw new PbxError(
        'permanent',
        `The PBX answered with a redirect (${res.status}), which the connector does not follow: set the PBX API address to where it leads.`,
        res.status,
      );
    return res;
  }

  private async errorOf(res: Response): Promise<PbxError> {
    const body = (await res.json().catch(() => ({}))) as { errorCode?: string; message?: string };
    const what = `${res.status}${body.errorCode ? ` ${body.errorCode}` : ''}`;
    if (res.status === 401 || res.status === 403)
      return new PbxError('auth', `The PBX refused access (${what}).`, res.status);
    if (res.status === 404)
      return new PbxError('not_found', `The PBX account was not found (${what}).`, res.status);
    if (res.status === 429 || res.status >= 500)
      return new PbxError('transient', `The PBX is busy or unavailable (${what}).`, res.status);
    return new PbxError('permanent', `The PBX refused the request (${what}).`, res.status);
  }
}

function refused(problem: string): PbxError {
  return new PbxError('permanent', `The PBX API address is refused: ${problem}`);
}
