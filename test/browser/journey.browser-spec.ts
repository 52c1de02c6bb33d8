import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CONNECTOR_APP_ROLES } from '../sandbox/demo-seed';
import { SKU_E5, standardSkus } from '../sandbox/seed/licensing';
import { invitationToken, PROVIDER_ADMIN } from '../support/http-app';
import { PowerDnsServer, startPowerDns } from '../sandbox/powerdns';
import { freePort, ServiceProcess, startService, waitFor } from '../support/service-process';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import { sandboxEnv, startTestSandbox, TestSandbox } from '../support/test-sandbox';
import { ARTIFACTS, Checked, launchChromium, pageChecks } from './browser';

const APP = { clientId: '5b7e3c1a-7f0d-4c8e-9a41-2d6f0c9e7b12', secret: 'journey-app-secret-7d1e' };
const PBX = { account: 'acct-journey', clientId: 'journey-pbx', secret: 'journey-pbx-secret-4b2a' };
const POLICY = 'PBX-Direct-Routing';
const SBC_BASE = 'customers.pbx.example';
const E5 = [{ skuId: SKU_E5, disabledPlans: [] }];
const ADA = { email: 'ada@journey.example', password: 'ada-chooses-a-long-password' };
const MO = { email: 'mo@journey.example', password: 'mo-chooses-a-long-password' };
const number = (i: number) => `+1425555${String(i).padStart(4, '0')}`;

/**
 * The whole journey in Chromium, through the dashboard only, against the service as a process and
 * the sandbox: from a provider creating a tenant to a green indicator, a failure retried, a
 * read-only member and the fleet. Every page is screenshotted and checked with axe-core.
 */
describe('the dashboard, in a real browser', () => {
  let sandbox: TestSandbox;
  let smtp: SmtpSink;
  let db: IsolatedDatabase;
  /** The provider's DNS, which it edits by hand: the connector runs in manual DNS mode. */
  let dns: PowerDnsServer;
  let service: ServiceProcess;
  let browser: Browser;
  let checks: Checked;
  let microsoftTenant: string;
  let base: string;
  const blocked: string[] = [];

  beforeAll(async () => {
    [sandbox, smtp, db, dns] = await Promise.all([
      startTestSandbox(),
      startSmtpSink(),
      isolatedDatabase(),
      startPowerDns(),
    ]);
    await dns.createZone(SBC_BASE);
    await sandbox.client.useDnsServers([dns.dnsServer]);
    const port = await freePort();
    base = `http://localhost:${port}`;
    const c = sandbox.client;
    await c.registerApp({
      clientId: APP.clientId,
      secrets: [{ value: APP.secret }],
      redirectUris: [`${base}/api/v1/consent/callback`],
      requiredRoles: CONNECTOR_APP_ROLES,
      groupMembershipClaims: 'DirectoryRole',
    });
    microsoftTenant = (await c.createTenant({ domain: 'journey.example', displayName: 'Journey' }))
      .id;
    await c.signIn({ tenantId: microsoftTenant });
    await c.setSkus(microsoftTenant, standardSkus(10, 0));
    await c.setPolicies(microsoftTenant, [
      { policyType: 'OnlineVoiceRoutingPolicy', name: POLICY, policyId: randomUUID() },
    ]);
    await c.createPbxAccount({
      id: PBX.account,
      name: 'Journey PBX',
      clientId: PBX.clientId,
      clientSecret: PBX.secret,
    });
    // Three users match by e-mail; Bob's addresses differ, so only a manual mapping pairs him.
    await c.addUsers(microsoftTenant, [
      ...[1, 2, 3].map((i) => ({
        userPrincipalName: `u${i}@journey.example`,
        mail: `u${i}@journey.example`,
        assignedLicenses: E5,
      })),
      {
        userPrincipalName: 'robert.one@journey.example',
        mail: 'robert.one@journey.example',
        assignedLicenses: E5,
      },
    ]);
    await c.addPbxUsers(PBX.account, [
      ...[1, 2, 3].map((i) => ({
        id: `p${i}`,
        email: `u${i}@journey.example`,
        firstName: `User`,
        lastName: `${i}`,
        extension: String(100 + i),
        directNumber: number(i),
        status: 'active' as const,
      })),
      {
        id: 'p-bob',
        email: 'bob@pbx-only.example',
        firstName: 'Bob',
        lastName: 'One',
        extension: '110',
        directNumber: number(10),
        status: 'active' as const,
      },
    ]);
    service = await startService({
      ...db.env,
      ...sandboxEnv(sandbox.origin),
      PORT: String(port),
      PUBLIC_URL: base,
      SMTP_URL: smtp.url,
      MICROSOFT_CLIENT_ID: APP.clientId,
      MICROSOFT_CLIENT_SECRET: APP.secret,
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      BOOTSTRAP_ADMIN_EMAIL: PROVIDER_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: PROVIDER_ADMIN.password,
      QUEUE_PREFIX: `tc-browser-${randomBytes(4).toString('hex')}`,
      SBC_BASE_DOMAIN: SBC_BASE,
    });
    if (!(await waitFor(service, '/health/ready', 60_000)))
      throw new Error(`the service did not start:\n${service.output()}`);
    browser = await launchChromium();
    checks = pageChecks('journey');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await sandbox?.close();
    await smtp?.close();
    await db?.drop();
    await dns?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      ignoreHTTPSErrors: true,
      acceptDownloads: true,
    });
    const page = await context.newPage();
    // The dashboard runs under a strict content security policy: anything it blocks is a bug.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    return page;
  }

  async function signIn(page: Page, who: { email: string; password: string }) {
    await page.goto(`${base}/`);
    await page.getByLabel('E-mail address').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  async function acceptInvitation(page: Page, who: { email: string; password: string }) {
    const mail = await smtp.next(who.email);
    await page.goto(`${base}/invitations/accept#token=${invitationToken(mail.text ?? '')}`);
    await page.getByLabel(/Password/).fill(who.password);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('link', { name: `Sign in as ${who.email}` }).click();
    await page.getByLabel('E-mail address').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  const indicator = (page: Page) => page.getByTestId('indicator');

  it('walks a provider, a customer admin and a member from a new tenant to a green indicator', async () => {
    // The provider admin creates the tenant and invites its admin.
    const provider = await newPage();
    await provider.goto(`${base}/`);
    await provider.getByLabel('E-mail address').waitFor();
    // A first visit is no ended session: the sign-in page says nothing about one.
    expect(await provider.getByText(/session has ended/).count()).toBe(0);
    await checks.check(provider, 'sign-in');
    await signIn(provider, PROVIDER_ADMIN);
    await provider.getByRole('heading', { name: 'Fleet' }).waitFor();
    await checks.check(provider, 'fleet-empty');
    await provider.getByRole('link', { name: 'New tenant' }).click();
    await provider.getByLabel('Name', { exact: true }).fill('Journey Ltd');
    await provider.getByLabel('Connector seats').fill('20');
    await provider.getByLabel('Account id').fill(PBX.account);
    await provider.getByLabel('API address').fill(`${sandbox.origin}/pbx`);
    await provider.getByLabel('Client id').fill(PBX.clientId);
    await provider.getByLabel('Client secret').fill(PBX.secret);
    await provider.getByLabel('First name').fill('Ada');
    await provider.getByLabel('Last name').fill('Admin');
    await provider.getByLabel('E-mail address').fill(ADA.email);
    await checks.check(provider, 'new-tenant');
    await provider.getByRole('button', { name: /Create tenant/ }).click();
    await provider.getByRole('heading', { name: 'Journey Ltd' }).waitFor();
    await provider.getByText('invitation sent, waiting for them to choose a password').waitFor();
    await checks.check(provider, 'tenant-created');

    // The customer's admin accepts, signs in and connects Microsoft 365 through the sandbox.
    const ada = await newPage();
    await acceptInvitation(ada, ADA);
    await ada.getByRole('link', { name: 'Journey Ltd' }).click();
    await expectText(indicator(ada), /Microsoft 365 is not connected/);
    await checks.check(ada, 'onboarding-start');
    await ada.getByRole('button', { name: 'Connect Microsoft 365' }).click();
    await ada.getByRole('heading', { name: 'Microsoft 365 is connected' }).waitFor();
    await checks.check(ada, 'consent-outcome');
    await ada.getByRole('link', { name: 'Back to Teams Connector' }).click();
    await ada.getByRole('link', { name: 'Journey Ltd' }).click();
    await ada.getByText(/Consented by admin@journey\.example/).waitFor();

    await ada.getByRole('button', { name: 'Verify connection' }).click();
    const checksList = ada.getByRole('list', { name: 'Connection checks' });
    await checksList.waitFor();
    expect(await checksList.getByText('Failed:').count()).toBe(0);
    // What Direct Routing still needs is said, without failing the connection.
    await expectText(checksList, /Not yet:.*directRouting:domain/);
    await checks.check(ada, 'verified');

    // Settings: the voice routing policy a sync assigns with each number.
    await ada.getByRole('link', { name: 'Settings' }).click();
    await ada.getByLabel(/Voice routing policy/).fill(POLICY);
    await ada.getByRole('button', { name: 'Save settings' }).click();
    await ada.getByText('Settings saved.').waitFor();
    await checks.check(ada, 'settings');

    // Direct Routing: the record to publish by hand, then the subdomain verified and activated.
    await ada.getByRole('link', { name: 'Direct Routing' }).click();
    await ada.getByRole('button', { name: 'Start setup' }).click();
    const record = ada.getByRole('region', { name: 'DNS record' });
    await record.waitFor();
    const txt = (await ada.getByTestId('txt-value').textContent()) ?? '';
    expect(txt).toMatch(/^MS=ms\d{8}$/);
    await expectText(ada.locator('[data-step=verification]'), /Waiting/);
    await ada.getByRole('status').filter({ hasText: 'Publish the TXT record' }).waitFor();
    await checks.check(ada, 'direct-routing-record');
    const sbcDomain = (await record.locator('dd code').first().textContent()) ?? '';
    await dns.publishTxt(SBC_BASE, sbcDomain, txt);
    await ada.getByRole('button', { name: 'Check again' }).click();
    await expectText(ada.locator('[data-step=cleanup]'), /Waiting/);
    await expectText(
      ada.locator('[data-step=activation]'),
      new RegExp(`teams-activation@${sbcDomain}`),
    );
    const download = ada.waitForEvent('download');
    await ada.getByRole('link', { name: 'voice routing script' }).click();
    expect((await download).suggestedFilename()).toBe('voice-routing.ps1');
    await checks.check(ada, 'direct-routing-activated');

    // Manual matching: a file with a mistake is refused row by row, the right one imports.
    await ada.getByRole('link', { name: 'Overview' }).click();
    // Checked once the tenant's setting has changed, not before.
    await ada.getByLabel('Manual, from a CSV file').click();
    await ada.locator('input[name=mode][value=manual]:checked').waitFor();
    const file = (name: string, rows: string[]) => {
      const path = join(tmpdir(), `${randomBytes(4).toString('hex')}-${name}`);
      writeFileSync(path, ['PBX user id,Teams user', ...rows].join('\r\n'));
      return path;
    };
    const upload = ada.getByLabel('Filled-in mapping file (CSV)');
    await upload.setInputFiles(file('wrong.csv', ['p-nobody,robert.one@journey.example']));
    await ada.getByRole('button', { name: 'Check the file (dry run)' }).click();
    const rejected = ada.getByRole('table', { name: 'Rejected rows' });
    await expectText(rejected, /2.*PBX user id/s);
    expect(await ada.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);
    await checks.check(ada, 'mapping-rejected');
    await upload.setInputFiles(
      file('mapping.csv', [
        ...[1, 2, 3].map((i) => `p${i},u${i}@journey.example`),
        'p-bob,robert.one@journey.example',
      ]),
    );
    await ada.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await expectText(ada.getByTestId('import-result'), /Dry run: nothing was changed/);
    await expectText(ada.getByTestId('import-result'), /4 new mappings/);
    await ada.getByRole('button', { name: 'Import' }).click();
    await expectText(ada.getByTestId('import-result'), /Imported/);
    await checks.check(ada, 'mapping-imported');

    // The preview's figures, and the users behind one of them.
    await ada.getByRole('button', { name: 'Preview what a sync would do' }).click();
    const figures = ada.getByTestId('preview-figures');
    await expectText(figures.locator('[data-figure=newMatchesToSync]'), /^4$/);
    await expectText(figures.locator('[data-figure=totalLicenses]'), /^20$/);
    await figures.getByRole('button', { name: 'Show the users' }).first().click();
    await expectText(ada.getByTestId('preview-users'), /Bob One.*robert\.one@journey\.example/s);
    await checks.check(ada, 'preview');

    // Start the sync and watch the run finish.
    await ada.getByRole('button', { name: 'Start sync' }).click();
    await waitForState(ada, 'succeeded');
    await expectText(ada.locator('[data-count=succeeded]'), /^4$/);
    await checks.check(ada, 'run-succeeded');
    await ada.getByRole('link', { name: /All runs/ }).click();
    await ada.getByRole('heading', { name: 'Runs' }).waitFor();
    await checks.check(ada, 'runs');
    await ada.getByRole('link', { name: 'Users' }).click();
    await expectText(ada.getByRole('table', { name: 'Users' }), /Bob One.*robert\.one.*Synced/s);
    await checks.check(ada, 'users');
    await ada.getByRole('link', { name: 'Overview' }).click();
    await expectColour(ada, 'green');
    await checks.check(ada, 'indicator-green');

    // A failure injected in Teams shows up, is retried from the dashboard and clears.
    await sandbox.client.updatePbxUser(PBX.account, 'p2', { directNumber: number(20) });
    await sandbox.client.addNumberFault(microsoftTenant, {
      telephoneNumber: number(20),
      mode: 'fail',
      statusDetail: 'Number is being ported.',
      times: 1,
    });
    await ada.getByRole('button', { name: 'Sync now' }).click();
    await waitForState(ada, 'failed', 'partially_failed');
    await ada.getByRole('link', { name: 'See the failures and retry them' }).click();
    const failures = ada.getByTestId('failures');
    await expectText(failures, /User 2/);
    await checks.check(ada, 'failure-open');
    await ada.getByRole('button', { name: 'Retry now' }).click();
    await ada.getByRole('link', { name: 'follow the run' }).click();
    await waitForState(ada, 'succeeded');
    await ada.getByRole('link', { name: /All runs/ }).click();
    await ada.getByRole('link', { name: 'Failures' }).click();
    await ada.getByTestId('no-failures').waitFor();
    await ada.getByRole('link', { name: 'Overview' }).click();
    await expectColour(ada, 'green');

    // The admin invites a member, who sees the tenant read-only.
    await ada.getByRole('link', { name: 'Admins' }).click();
    await ada.getByLabel('First name').fill('Mo');
    await ada.getByLabel('Last name').fill('Member');
    await ada.getByLabel('E-mail address').fill(MO.email);
    await ada.getByRole('button', { name: 'Send invitation' }).click();
    await ada.getByText(`Invitation sent to ${MO.email}.`).waitFor();
    // Lost it: a new one, and the first link no longer works.
    const lost = invitationToken((await smtp.next(MO.email)).text ?? '');
    await ada.getByRole('button', { name: 'Send a new invitation' }).click();
    await ada.getByText(`A new invitation was sent to ${MO.email}`).waitFor();
    await checks.check(ada, 'admins');
    const stale = await fetch(`${base}/api/v1/invitations/${lost}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: MO.password }),
    });
    expect(stale.status).toBe(404);
    const mo = await newPage();
    await acceptInvitation(mo, MO);
    await mo.getByRole('link', { name: 'Journey Ltd' }).click();
    await mo.getByText('You have read-only access to this tenant.').waitFor();
    // The service remembers the verification, so the step is done for whoever comes later.
    await mo
      .locator('[data-step="verify"].done')
      .getByText(/Every check passed on/)
      .waitFor();
    expect(
      await mo.getByRole('button', { name: /Connect|Verify|Start sync|Sync now/ }).count(),
    ).toBe(0);
    await checks.check(mo, 'member-overview');
    await mo.getByRole('link', { name: 'Settings' }).click();
    expect(await mo.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
    // Read from Teams by now: the policy is shown as chosen from those users hold.
    const policy = mo.getByRole('combobox', { name: 'Voice routing policy' });
    expect(await policy.inputValue()).toBe(POLICY);
    expect(await policy.isDisabled()).toBe(true);
    await checks.check(mo, 'member-settings');
    await mo.getByRole('link', { name: 'Failures' }).click();
    expect(await mo.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    await checks.check(mo, 'member-failures');

    // When the admin's session ends, the next page sends her to sign in, then back to that page.
    await ada.getByRole('link', { name: 'Users' }).click();
    await ada.getByRole('heading', { name: 'Users' }).waitFor();
    await db.execute(
      'UPDATE sessions SET expires_at = $1 WHERE operator_id IN (SELECT id FROM operators WHERE email = $2)',
      [Date.now() - 1000, ADA.email],
    );
    await ada.getByRole('link', { name: 'Runs' }).click();
    await ada.getByText('Your session has ended or you are not signed in yet.').waitFor();
    expect(new URL(ada.url()).searchParams.get('next')).toMatch(/^\/tenants\/[^/]+\/runs$/);
    await checks.check(ada, 'session-ended');
    await ada.getByLabel('E-mail address').fill(ADA.email);
    await ada.getByLabel('Password').fill(ADA.password);
    await ada.getByRole('button', { name: 'Sign in' }).click();
    await ada.getByRole('heading', { name: 'Runs' }).waitFor();
    expect(new URL(ada.url()).pathname).toMatch(/^\/tenants\/[^/]+\/runs$/);

    // The fleet shows the new tenant healthy beside a second one still waiting for consent.
    await provider.getByRole('link', { name: 'Fleet' }).click();
    await provider.getByRole('link', { name: 'New tenant' }).click();
    await provider.getByLabel('Name', { exact: true }).fill('Waiting Co');
    await provider.getByLabel('Account id').fill('acct-waiting');
    await provider.getByLabel('API address').fill(`${sandbox.origin}/pbx`);
    await provider.getByLabel('Client id').fill('waiting');
    await provider.getByLabel('Client secret').fill('waiting-secret');
    await provider.getByLabel('First name').fill('Wes');
    await provider.getByLabel('Last name').fill('Wait');
    await provider.getByLabel('E-mail address').fill('wes@waiting.example');
    await provider.getByRole('button', { name: /Create tenant/ }).click();
    await provider.getByRole('heading', { name: 'Waiting Co' }).waitFor();

    // Its PBX connection is wrong: a correction is tried against the PBX before it is saved.
    await provider.getByRole('link', { name: 'Settings' }).click();
    const details = provider.getByRole('form', { name: 'Tenant details' });
    await details.getByLabel(/New client secret/).fill('still-wrong');
    await details.getByRole('button', { name: 'Save tenant details' }).click();
    const pbxChecks = provider.getByRole('list', { name: 'PBX checks' });
    await expectText(pbxChecks, /Failed:.*pbx:signIn/s);
    await checks.check(provider, 'tenant-details-refused');
    await sandbox.client.createPbxAccount({
      id: 'acct-waiting',
      clientId: 'waiting',
      clientSecret: 'right-secret',
    });
    await details.getByLabel(/New client secret/).fill('right-secret');
    await details.getByRole('button', { name: 'Save tenant details' }).click();
    await provider.getByText('Tenant details saved.').waitFor();
    await provider.getByRole('link', { name: 'Activity' }).click();
    await expectText(
      provider.getByTestId('activity').locator('tr[data-action="tenant.updated"]'),
      /pbx\.clientSecret.*\(hidden\).*\(replaced\)/s,
    );
    await checks.check(provider, 'activity');

    // Deleted (the name typed to confirm), listed apart, and restored.
    await provider.getByRole('link', { name: 'Settings' }).click();
    const deletion = provider.getByRole('form', { name: 'Delete this tenant' });
    const deleteButton = deletion.getByRole('button', { name: 'Delete tenant' });
    expect(await deleteButton.isDisabled()).toBe(true);
    await deletion.getByLabel(/Type the tenant's name/).fill('Waiting Co');
    await deleteButton.click();
    await expectText(provider.getByTestId('deleted-banner'), /It can be restored until/);
    await checks.check(provider, 'tenant-deleted');
    await provider.getByRole('link', { name: 'Tenants' }).click();
    await provider
      .getByRole('list', { name: 'Deleted tenants' })
      .getByRole('link', { name: 'Waiting Co' })
      .click();
    await provider.getByRole('button', { name: 'Restore tenant' }).click();
    await provider.getByTestId('deleted-banner').waitFor({ state: 'detached' });
    await provider.getByRole('link', { name: 'Fleet' }).click();
    await expectText(provider.locator('tr[data-tenant="Journey Ltd"]'), /Healthy/);
    await expectText(provider.locator('tr[data-tenant="Waiting Co"]'), /Needs attention/);
    await provider.getByLabel('Needs attention only').check();
    await provider.locator('tr[data-tenant="Journey Ltd"]').waitFor({ state: 'detached' });
    await checks.check(provider, 'fleet');

    // A narrow window (a tablet) still shows the tenant's page and the fleet whole.
    await ada.getByRole('link', { name: 'Overview' }).click();
    await ada.setViewportSize({ width: 768, height: 1000 });
    await checks.check(ada, 'tablet-overview');
    await provider.getByLabel('Needs attention only').uncheck();
    await provider.locator('tr[data-tenant="Journey Ltd"]').waitFor();
    await provider.setViewportSize({ width: 768, height: 1000 });
    await checks.check(provider, 'tablet-fleet');

    // The provider's operators: a member deactivated (signed out) and let back in, deleted and restored.
    await provider.setViewportSize({ width: 1280, height: 900 });
    await provider.getByRole('link', { name: 'Operators' }).click();
    const moRow = provider.getByTestId('operators').locator(`tr[data-operator="${MO.email}"]`);
    await moRow.getByRole('button', { name: 'Deactivate' }).click();
    await provider.getByText(`${MO.email} is deactivated and signed out.`).waitFor();
    await expectText(moRow, /Deactivated/);
    await moRow.getByRole('button', { name: 'Reactivate' }).click();
    await provider.getByText(`${MO.email} can sign in again.`).waitFor();
    await checks.check(provider, 'operators');
    // Deleted, then restored within 30 days with her role and tenant.
    await moRow.getByRole('button', { name: 'Delete' }).click();
    await provider.getByText(`${MO.email} is deleted and signed out`).waitFor();
    await expectText(moRow, /Deleted, restorable until/);
    await checks.check(provider, 'operator-deleted');
    await moRow.getByRole('button', { name: 'Restore' }).click();
    await provider.getByText(`${MO.email} is restored with their role and tenants.`).waitFor();
    await expectText(moRow, /Active/);

    // Forgot her password: a link by e-mail, a new password, and sign-in with it.
    const forgot = await newPage();
    await forgot.goto(`${base}/sign-in`);
    await forgot.getByRole('link', { name: 'Forgot your password?' }).click();
    await forgot.getByLabel('E-mail address').fill(ADA.email);
    await forgot.getByRole('button', { name: 'Send the link' }).click();
    await forgot.getByText(/a link to choose a new password is on its way/).waitFor();
    await checks.check(forgot, 'password-reset-asked');
    const resetMail = (await smtp.next(ADA.email)).text ?? '';
    await forgot.goto(`${base}${/\/password-reset#token=[\w-]+/.exec(resetMail)![0]}`);
    await forgot.getByLabel(/New password/).fill('a fresh and long passphrase');
    await forgot.getByRole('button', { name: 'Set password' }).click();
    await forgot.getByText(/Your new password is set/).waitFor();
    await checks.check(forgot, 'password-reset-done');
    await forgot.getByRole('link', { name: `Sign in as ${ADA.email}` }).click();
    await forgot.getByLabel('E-mail address').fill(ADA.email);
    await forgot.getByLabel('Password').fill('a fresh and long passphrase');
    await forgot.getByRole('button', { name: 'Sign in' }).click();
    await forgot.getByRole('button', { name: 'Sign out' }).waitFor();

    // The API documentation renders under its own policy too.
    await provider.goto(`${base}/api/docs`);
    await provider.getByRole('heading', { name: /Teams Connector API/ }).waitFor();
    await provider.screenshot({ path: join(ARTIFACTS, 'journey', 'api-docs.png') });

    expect(checks.violations).toEqual([]);
    expect(blocked).toEqual([]);
  }, 300_000);
});

/** Waits until the locator's text matches, and says what it showed last when it never does. */
async function expectText(locator: ReturnType<Page['locator']>, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 20_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent({ timeout: 20_000 }).catch(() => '')) ?? '';
    if (pattern.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`expected ${pattern} in: ${text}`);
}

async function expectColour(page: Page, colour: string): Promise<void> {
  const found = page.locator(`[data-testid=indicator][data-colour=${colour}]`);
  // The status is read again every 10 seconds while the page is open.
  await found.waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
    const shown = await page
      .getByTestId('indicator')
      .textContent({ timeout: 1000 })
      .catch(() => '');
    throw new Error(`the indicator is not ${colour} but says: ${shown}\n${error.message}`);
  });
}

/** Waits on the run page until the run is in one of these states. */
async function waitForState(page: Page, ...states: string[]): Promise<void> {
  await page
    .locator(states.map((s) => `[data-testid=run-state][data-state=${s}]`).join(', '))
    .waitFor({ timeout: 60_000 });
}
