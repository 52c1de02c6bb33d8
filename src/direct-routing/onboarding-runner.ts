import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { AuditAction } from '../audit/audit-entry.entity';
import { Clock } from '../common/clock/clock';
import { utcMinute } from '../common/text/utc-minute';
import { AppLogger } from '../common/logging/app-logger';
import { JobHandler } from '../common/queue/job-handler.decorator';
import { JobQueue } from '../common/queue/job-queue';
import { AppConfig } from '../config/config';
import { DirectorySetup } from '../microsoft/directory-setup';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { TenantsRepository } from '../tenants/tenants.repository';
import { OnboardingEntity, OnboardingStep } from './onboarding.entity';
import {
  OnboardingProblem,
  OnboardingProblemCode,
  passingTrouble,
  problemOf,
} from './onboarding-problems';
import { OnboardingsRepository } from './onboardings.repository';
import { noSpareLicence, partNumberOf, spareTeamsLicences } from '../microsoft/spare-licences';
import { ACTIVATION_USER, ActivationUsers } from './activation-users';
import { SbcDns } from './sbc-dns';

/** How long to wait before trying again after Microsoft or the DNS server failed for now. */
const TROUBLE_RETRY_MS = 60_000;
/** A running onboarding nobody moved for this long lost its job (a queue emptied, an enqueue failed). */
const LOST_JOB_MS = 10 * 60_000;
/** How often to look again for a voice routing policy the admin is to create. */
const POLICY_RECHECK_MS = 3600_000;

/**
 * What a step did: go on with another step, wait until a time (null: until the admin acts), or
 * end because onboarding stopped with a problem and nothing it created is left.
 */
type StepResult = { next: OnboardingStep } | { wait: Date | null; note: string } | 'stopped';

interface Run {
  row: OnboardingEntity;
  tid: string;
  policyName: string | null;
}

/**
 * Takes a tenant's Direct Routing onboarding as far as it can go now, one step after another:
 * a spare Teams licence checked, the SBC subdomain added and verified, the activation user created
 * and licensed, kept for the activation period and removed, the voice routing policy found. Each
 * step reads what exists before it creates anything, so a run that died is simply run again.
 */
@Injectable()
export class OnboardingRunner {
  constructor(
    private readonly onboardings: OnboardingsRepository,
    private readonly tenants: TenantsRepository,
    private readonly setup: DirectorySetup,
    private readonly activationUsers: ActivationUsers,
    private readonly directory: MicrosoftDirectory,
    private readonly dns: SbcDns,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly logger: AppLogger,
    private readonly queue: JobQueue,
  ) {}

  @JobHandler('directRouting.sweep')
  async sweep(): Promise<void> {
    const now = this.clock.now();
    const quietSince = new Date(now.getTime() - LOST_JOB_MS);
    for (const tenantId of await this.onboardings.due(now, quietSince))
      await this.queue.enqueue(
        'directRouting.onboard',
        { tenantId },
        { jobId: onboardJobId(tenantId) },
      );
  }

  @JobHandler('directRouting.onboard')
  async advance({ tenantId }: { tenantId: string }): Promise<void> {
    const row = await this.onboardings.find(tenantId);
    if (!row || (row.status !== 'running' && row.status !== 'waiting')) return;
    const tenant = await this.tenants.require(tenantId);
    const run: Run = {
      row,
      tid: tenant.microsoftTenantId ?? '',
      policyName: tenant.voiceRoutingPolicy,
    };
    if (!run.tid) {
      // Its link to Microsoft 365 was released: nothing there can be reached any more.
      const left =
        row.activationUpn && !row.activationRemovedAt
          ? ` The activation user ${row.activationUpn} may remain: delete it in the Microsoft 365 admin center.`
          : '';
      await this.save(run, {
        problemCode: 'CONSENT_REVOKED',
        problem: `The tenant is no longer connected to Microsoft 365: connect it again, then start again.${left}`,
        stoppedStep: row.step,
      });
      return this.stopped(run);
    }
    try {
      for (;;) {
        const result = await this.step(run);
        if (result === 'stopped') return await this.stopped(run);
        if ('next' in result) {
          await this.save(run, { step: result.next, status: 'running', problem: null });
          if (result.next === 'done') return this.finish(run);
          continue;
        }
        return await this.save(run, {
          status: 'waiting',
          nextCheckAt: result.wait,
          problem: result.note,
        });
      }
    } catch (error) {
      const trouble = passingTrouble(error);
      if (trouble)
        return await this.save(run, {
          status: 'waiting',
          nextCheckAt: new Date(this.clock.now().getTime() + TROUBLE_RETRY_MS),
          problem: `${trouble} Trying again in a minute.`,
        });
      const problem = problemOf(error);
      if (!problem) throw error;
      await this.stop(run, problem);
    }
  }

  private step(run: Run): Promise<StepResult> {
    switch (run.row.step) {
      case 'licence':
        return this.checkLicence(run);
      case 'domain':
        return this.addDomain(run);
      case 'verification':
        return this.verifyDomain(run);
      case 'activation':
        return this.createActivationUser(run);
      case 'cleanup':
        return this.removeActivationUser(run);
      case 'voiceRouting':
        return this.findPolicy(run);
      case 'done':
        return Promise.resolve({ next: 'done' });
    }
  }

  /** Before anything is created: one licence that includes Teams must be free. */
  private async checkLicence(run: Run): Promise<StepResult> {
    const skus = await this.directory.subscribedSkus(run.tid);
    const spare = spareTeamsLicences(skus);
    await this.save(run, { spareSkus: JSON.stringify(spare) });
    if (!spare.length) throw new OnboardingProblem('NO_SPARE_TEAMS_LICENCE', noSpareLicence(skus));
    return { next: 'domain' };
  }

  private async addDomain(run: Run): Promise<StepResult> {
    const { domain } = run.row;
    let found = await this.setup.domain(run.tid, domain);
    if (found?.isVerified) {
      await this.save(run, { verifiedAt: run.row.verifiedAt ?? this.clock.now() });
      return { next: 'activation' };
    }
    if (!found) {
      found = await this.setup.addDomain(run.tid, domain);
      await this.record(
        run,
        'directRouting.domainAdded',
        `Domain ${domain} added to the Microsoft 365 tenant.`,
      );
    }
    const text = await this.setup.verificationTxt(run.tid, domain);
    await this.dns.publishTxt(domain, text);
    await this.save(run, { verificationText: text, verifyDeadline: this.deadline() });
    return { next: 'verification' };
  }

  private async verifyDomain(run: Run): Promise<StepResult> {
    const { domain, verificationText, verifyDeadline } = run.row;
    const now = this.clock.now();
    if (await this.setup.verifyDomain(run.tid, domain)) {
      await this.save(run, { verifiedAt: now });
      await this.record(
        run,
        'directRouting.domainVerified',
        `Domain ${domain} verified by Microsoft.`,
      );
      return { next: 'activation' };
    }
    const record = `TXT record ${domain} with the text "${verificationText}"`;
    if (verifyDeadline && now >= verifyDeadline)
      throw new OnboardingProblem(
        'DOMAIN_NOT_VERIFIED',
        `Microsoft did not find the ${record} by ${utcMinute(verifyDeadline)}. The domain stays in the Microsoft 365 tenant, unverified (Microsoft keeps an unverified domain until it is verified or removed)${this.dns.automatic ? ', and the record stays published' : ''}. Check that the record resolves from the internet, then start again.`,
      );
    const next = new Date(now.getTime() + this.config.directRouting.verifyRetrySeconds * 1000);
    return {
      wait: next,
      note: this.dns.automatic
        ? `Waiting for DNS: the ${record} is published; Microsoft has not found it yet. Next try at ${utcMinute(next)}.`
        : `Publish the ${record} at the provider's DNS. Microsoft has not found it yet; next try at ${utcMinute(next)}.`,
    };
  }

  private async createActivationUser(run: Run): Promise<StepResult> {
    const upn = run.row.activationUpn ?? `${ACTIVATION_USER}@${run.row.domain}`;
    // Named before it exists: a run that dies after creating it finds it by this name.
    if (!run.row.activationUpn) await this.save(run, { activationUpn: upn });
    const user = await this.activationUsers.findOrCreate(run.tid, upn);
    await this.save(run, { activationUserId: user.id });
    if (!run.row.activationSkuId || !user.licensedSkuIds.includes(run.row.activationSkuId)) {
      const skus = await this.directory.subscribedSkus(run.tid);
      const spare = spareTeamsLicences(skus);
      if (!spare.length)
        throw new OnboardingProblem('NO_SPARE_TEAMS_LICENCE', noSpareLicence(skus));
      // Written before it is assigned: a run that dies after assigning it finds it held.
      await this.save(run, { activationSkuId: spare[0].skuId, spareSkus: JSON.stringify(spare) });
      await this.activationUsers.license(run.tid, user, spare[0].skuId);
    }
    const until = new Date(
      this.clock.now().getTime() + this.config.directRouting.activationHours * 3600_000,
    );
    await this.save(run, { activationUntil: until });
    await this.record(
      run,
      'directRouting.activationUserCreated',
      `Activation user ${upn} created with a ${this.skuName(run)} licence, to be removed at ${utcMinute(until)}.`,
    );
    return { next: 'cleanup' };
  }

  /** After the activation period, or at once when onboarding stopped: licence off, user deleted. */
  private async removeActivationUser(run: Run): Promise<StepResult> {
    const { activationUntil, problemCode } = run.row;
    if (!problemCode && activationUntil && this.clock.now() < activationUntil)
      return {
        wait: activationUntil,
        note: `The activation user holds its licence until ${utcMinute(activationUntil)} while Microsoft activates the domain for Teams; then it is removed.`,
      };
    await this.deleteActivationUser(run);
    return problemCode ? 'stopped' : { next: 'voiceRouting' };
  }

  private async deleteActivationUser(run: Run): Promise<void> {
    const { activationUpn, activationSkuId } = run.row;
    if (!activationUpn) return;
    await this.activationUsers.remove(run.tid, activationUpn, activationSkuId);
    await this.save(run, { activationRemovedAt: this.clock.now() });
    await this.record(
      run,
      'directRouting.activationUserRemoved',
      `Activation user ${activationUpn} removed${activationSkuId ? `; its ${this.skuName(run)} licence is free again` : ''}.`,
    );
  }

  /** Voice routes and policies cannot be created through Graph: the admin runs the script. */
  private async findPolicy(run: Run): Promise<StepResult> {
    const name = run.policyName;
    if (!name)
      return {
        wait: null,
        note: "Choose the voice routing policy's name in the tenant's settings, run the voice routing script, then check again.",
      };
    if (await this.directory.voiceRoutingPolicyId(run.tid, name)) {
      await this.save(run, { policyFoundAt: this.clock.now() });
      return { next: 'done' };
    }
    return {
      wait: new Date(this.clock.now().getTime() + POLICY_RECHECK_MS),
      note: `Teams has no voice routing policy "${name}" yet: run the voice routing script in Teams PowerShell, then check again.`,
    };
  }

  private async finish(run: Run): Promise<void> {
    await this.save(run, { status: 'succeeded', nextCheckAt: null, problem: null });
    await this.record(
      run,
      'directRouting.succeeded',
      `Direct Routing set up: ${run.row.domain} verified and activated, voice routing policy "${run.policyName}" found.`,
    );
  }

  /**
   * Stops onboarding with a problem. What it created is removed first, so a stopped onboarding
   * leaves no licensed user behind; the domain stays, as Microsoft keeps it.
   */
  private async stop(run: Run, problem: OnboardingProblem): Promise<void> {
    const { activationUpn, activationRemovedAt, step } = run.row;
    const leftBehind = activationUpn && !activationRemovedAt;
    if (leftBehind && step === 'cleanup' && run.row.problemCode) {
      // Removing the user failed for good: say so, so that someone removes it by hand.
      await this.save(run, {
        problem: `${run.row.problem} The activation user ${activationUpn} could not be removed (${problem.message}): delete it in the Microsoft 365 admin center.`,
      });
      return void (await this.stopped(run));
    }
    await this.save(run, {
      problemCode: problem.code,
      problem: problem.message,
      stoppedStep: step,
    });
    if (leftBehind) {
      await this.save(run, { step: 'cleanup', status: 'running' });
      return this.advance({ tenantId: run.row.tenantId });
    }
    await this.stopped(run);
  }

  /** Onboarding ends with its problem; starting again begins with the licence check. */
  private async stopped(run: Run): Promise<void> {
    const problem = new OnboardingProblem(
      run.row.problemCode as OnboardingProblemCode,
      run.row.problem ?? '',
    );
    await this.save(run, {
      status: problem.blocks ? 'blocked' : 'failed',
      nextCheckAt: null,
      activationUpn: null,
      activationUserId: null,
      activationUntil: null,
    });
    await this.record(
      run,
      'directRouting.stopped',
      `Direct Routing setup stopped (${problem.code}): ${problem.message}`,
    );
    this.logger.warn(
      { tenantId: run.row.tenantId, code: problem.code },
      'direct routing onboarding stopped',
    );
  }

  /** The activation licence's SKU by its part number (`SPE_E5`), as admins know it. */
  private skuName(run: Run): string {
    return partNumberOf(run.row.spareSkus, run.row.activationSkuId) ?? 'Teams';
  }

  private deadline(): Date {
    return new Date(
      this.clock.now().getTime() + this.config.directRouting.verifyDeadlineMinutes * 60_000,
    );
  }

  private async save(run: Run, changes: Partial<OnboardingEntity>): Promise<void> {
    Object.assign(run.row, changes, { updatedAt: this.clock.now() });
    await this.onboardings.update(run.row.tenantId, { ...changes, updatedAt: run.row.updatedAt });
  }

  private record(run: Run, action: AuditAction, summary: string): Promise<void> {
    return this.audit.record(run.row.tenantId, action, summary, {
      by: { actor: 'Direct Routing setup' },
    });
  }
}

/** One onboarding job per tenant at a time. */
export const onboardJobId = (tenantId: string) => `directRouting.onboard-${tenantId}`;
