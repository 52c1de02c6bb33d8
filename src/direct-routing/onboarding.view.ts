import { EnumField, Field, ListField, NullableField, ObjectField } from '../common/http/api-fields';
import {
  ONBOARDING_STEPS,
  OnboardingEntity,
  OnboardingStatus,
  OnboardingStep,
} from './onboarding.entity';
import { VERIFICATION_TTL_SECONDS } from './sbc-dns';
import { ONBOARDING_BLOCKERS, ONBOARDING_FAILURES } from './onboarding-problems';
import { SBC_DNS_MODES } from '../config/direct-routing.config';
import { partNumberOf, recordedSkus } from '../microsoft/spare-licences';

/** Every step but the end, in the order they run. */
const SHOWN_STEPS = ONBOARDING_STEPS.filter(
  (s): s is Exclude<OnboardingStep, 'done'> => s !== 'done',
);
export const STEP_STATES = ['pending', 'active', 'waiting', 'done', 'blocked', 'failed'] as const;
export const ONBOARDING_STATES = [
  'not_started',
  'running',
  'waiting',
  'succeeded',
  'blocked',
  'failed',
] as const;

const STEP_TITLES: Record<(typeof SHOWN_STEPS)[number], string> = {
  licence: 'A licence that includes Teams is free for the activation user',
  domain: "The SBC's subdomain is added to the Microsoft 365 tenant",
  verification: 'Microsoft verifies the subdomain by its DNS TXT record',
  activation: 'A temporary activation user is created in the subdomain and licensed',
  cleanup: 'After the activation period, its licence is removed and the user deleted',
  voiceRouting: 'The voice routing policy exists in Teams (run the voice routing script)',
};

export class OnboardingStepView {
  @EnumField(SHOWN_STEPS) key!: (typeof SHOWN_STEPS)[number];
  @Field() title!: string;
  @EnumField(STEP_STATES) state!: (typeof STEP_STATES)[number];
}

export class DnsRecordView {
  @Field('The record name (the SBC subdomain itself).') name!: string;
  @EnumField(['TXT']) type!: 'TXT';
  @Field('The text Microsoft looks for.') value!: string;
  @Field() ttl!: number;
  @Field('True when the connector publishes it (PowerDNS); false when the provider must.')
  publishedByConnector!: boolean;
}

export class ActivationUserView {
  @Field() userPrincipalName!: string;
  @NullableField(String, 'The subscription whose licence it holds.') skuId!: string | null;
  @NullableField(String, 'Its part number, such as SPE_E5.') skuPartNumber!: string | null;
  @NullableField(Date, 'When its licence is removed and it is deleted.') removeAt!: Date | null;
  @NullableField(Date) removedAt!: Date | null;
}

export class SpareLicenceView {
  @Field() skuId!: string;
  @Field() skuPartNumber!: string;
  @Field('Units not assigned to anyone.') free!: number;
  @Field('Units the subscription has.') total!: number;
  @Field('Whether it includes Phone System too (chosen last).') phoneSystem!: boolean;
}

export class OnboardingProblemView {
  @EnumField([...ONBOARDING_BLOCKERS, ...ONBOARDING_FAILURES]) code!: string;
  @Field() message!: string;
}

export class DirectRoutingView {
  @Field("The tenant's subdomain of the SBC's base domain: the SBC's address in Teams.")
  sbcDomain!: string;
  @EnumField(SBC_DNS_MODES, 'Who publishes the verification record.')
  dnsMode!: 'manual' | 'powerdns';
  @EnumField(ONBOARDING_STATES) status!: (typeof ONBOARDING_STATES)[number];
  @ListField(() => OnboardingStepView) steps!: OnboardingStepView[];
  @ObjectField(() => DnsRecordView, { nullable: true }) dnsRecord!: DnsRecordView | null;
  @ObjectField(() => ActivationUserView, { nullable: true })
  activationUser!: ActivationUserView | null;
  @ListField(() => SpareLicenceView) spareLicences!: SpareLicenceView[];
  @NullableField(String, 'The voice routing policy the script creates and the sync assigns.')
  voiceRoutingPolicy!: string | null;
  @NullableField(Date) verifiedAt!: Date | null;
  @NullableField(Date, 'When Teams was last seen to have the voice routing policy.')
  policyFoundAt!: Date | null;
  @NullableField(String, 'What onboarding waits for, or what it is doing.') note!: string | null;
  @ObjectField(() => OnboardingProblemView, { nullable: true })
  problem!: OnboardingProblemView | null;
  @NullableField(Date, 'When onboarding looks again by itself.') nextCheckAt!: Date | null;
  @NullableField(Date) startedAt!: Date | null;
  @NullableField(Date) updatedAt!: Date | null;
}

function stepState(row: OnboardingEntity, step: OnboardingStep): (typeof STEP_STATES)[number] {
  if (row.status === 'succeeded') return 'done';
  const order: readonly OnboardingStep[] = SHOWN_STEPS;
  const stopped = row.status === 'blocked' || row.status === 'failed';
  const current = order.indexOf(stopped ? (row.stoppedStep ?? row.step) : row.step);
  const index = order.indexOf(step);
  if (index < current) return 'done';
  if (index > current) return 'pending';
  if (stopped) return row.status as 'blocked' | 'failed';
  return row.status === 'waiting' ? 'waiting' : 'active';
}

/** Onboarding as the admin sees it: each step's state, the record to publish, the user it made. */
export function directRoutingView(
  sbcDomain: string,
  dnsMode: 'manual' | 'powerdns',
  voiceRoutingPolicy: string | null,
  row: OnboardingEntity | null,
): DirectRoutingView {
  const stopped = row?.status === 'blocked' || row?.status === 'failed';
  return {
    sbcDomain: row?.domain ?? sbcDomain,
    dnsMode: row?.dnsMode ?? dnsMode,
    status: (row?.status as OnboardingStatus | undefined) ?? 'not_started',
    steps: SHOWN_STEPS.map((key) => ({
      key,
      title: STEP_TITLES[key],
      state: row ? stepState(row, key) : 'pending',
    })),
    dnsRecord: row?.verificationText
      ? {
          name: row.domain,
          type: 'TXT',
          value: row.verificationText,
          ttl: VERIFICATION_TTL_SECONDS,
          publishedByConnector: row.dnsMode === 'powerdns',
        }
      : null,
    activationUser: row?.activationUpn
      ? {
          userPrincipalName: row.activationUpn,
          skuId: row.activationSkuId,
          skuPartNumber: partNumberOf(row.spareSkus, row.activationSkuId),
          removeAt: row.activationUntil,
          removedAt: row.activationRemovedAt,
        }
      : null,
    spareLicences: recordedSkus(row?.spareSkus ?? null),
    voiceRoutingPolicy,
    verifiedAt: row?.verifiedAt ?? null,
    policyFoundAt: row?.policyFoundAt ?? null,
    note: !stopped ? (row?.problem ?? null) : null,
    problem:
      stopped && row?.problemCode ? { code: row.problemCode, message: row.problem ?? '' } : null,
    nextCheckAt: row?.nextCheckAt ?? null,
    startedAt: row?.startedAt ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}
