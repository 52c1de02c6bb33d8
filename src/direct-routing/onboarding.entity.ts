import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';

/** The steps of onboarding, in order; each resumes from what the row says it did. */
export const ONBOARDING_STEPS = [
  'licence',
  'domain',
  'verification',
  'activation',
  'cleanup',
  'voiceRouting',
  'done',
] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

/**
 * `running` (a worker is on it or it is queued), `waiting` (for DNS, the activation period or the
 * admin; `nextCheckAt` says when it looks again), `succeeded`, `blocked` (a prerequisite is
 * missing; nothing was left behind), `failed`.
 */
export type OnboardingStatus = 'running' | 'waiting' | 'succeeded' | 'blocked' | 'failed';

/**
 * One tenant's Direct Routing onboarding: its SBC subdomain added, verified and activated by a
 * temporary licensed user. What it created is written down before it is created, so a run that
 * crashed finds it again instead of making a second one.
 */
@Entity('direct_routing_onboardings')
export class OnboardingEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  /** The tenant's subdomain of the SBC's base domain. */
  @Column({ type: 'varchar', length: 255 })
  domain!: string;

  @Column({ name: 'dns_mode', type: 'varchar', length: 16 })
  dnsMode!: 'manual' | 'powerdns';

  @Column({ type: 'varchar', length: 16 })
  step!: OnboardingStep;

  @Column({ type: 'varchar', length: 16 })
  status!: OnboardingStatus;

  /** The TXT record's text Microsoft asks for (`MS=ms…`). */
  @Column({ name: 'verification_text', type: 'varchar', length: 255, nullable: true })
  verificationText!: string | null;

  @InstantColumn('verify_deadline', { nullable: true })
  verifyDeadline!: Date | null;

  @InstantColumn('verified_at', { nullable: true })
  verifiedAt!: Date | null;

  /** SKUs with Teams and a free unit when the licence was chosen, as JSON `[{skuId, partNumber, free}]`. */
  @Column({ name: 'spare_skus', type: 'text', nullable: true })
  spareSkus!: string | null;

  /** The SKU whose licence the activation user holds. */
  @Column({ name: 'activation_sku_id', type: 'varchar', length: 36, nullable: true })
  activationSkuId!: string | null;

  /** Written before the user is created: a crashed run looks for this name. */
  @Column({ name: 'activation_upn', type: 'varchar', length: 320, nullable: true })
  activationUpn!: string | null;

  @Column({ name: 'activation_user_id', type: 'varchar', length: 36, nullable: true })
  activationUserId!: string | null;

  @InstantColumn('activation_until', { nullable: true })
  activationUntil!: Date | null;

  @InstantColumn('activation_removed_at', { nullable: true })
  activationRemovedAt!: Date | null;

  /** When `getPolicyId` last found the tenant's voice routing policy. */
  @InstantColumn('policy_found_at', { nullable: true })
  policyFoundAt!: Date | null;

  @InstantColumn('next_check_at', { nullable: true })
  nextCheckAt!: Date | null;

  /** The step at which onboarding stopped, while it is blocked or failed. */
  @Column({ name: 'stopped_step', type: 'varchar', length: 16, nullable: true })
  stoppedStep!: OnboardingStep | null;

  @Column({ name: 'problem_code', type: 'varchar', length: 64, nullable: true })
  problemCode!: string | null;

  @Column({ name: 'problem', type: 'text', nullable: true })
  problem!: string | null;

  @InstantColumn('started_at')
  startedAt!: Date;

  @InstantColumn('updated_at')
  updatedAt!: Date;
}
