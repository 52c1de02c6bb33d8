import { normaliseNumber } from '../../src/matching/engine/normalise';
import { buildPlan } from '../../src/matching/engine/plan';
import { PbxUser, TeamsUser } from '../../src/matching/engine/types';

/** Input shapes a real PBX export and directory produce, each of `size` users a side. */
const SHAPES = {
  ordinary: {},
  /** Every PBX user carries the company's main number. */
  oneSharedNumber: { number: () => '+14255550100' },
  /** Every Microsoft 365 user also answers to one alias (info@). */
  oneSharedAlias: { alias: true },
  /** Every Microsoft 365 account is a guest. */
  allGuests: { guest: true },
  /** Every PBX user has the same e-mail address. */
  allDuplicates: { email: () => 'reception@contoso.example' },
} satisfies Record<string, Shape>;

interface Shape {
  number?: (i: number) => string;
  email?: (i: number) => string;
  alias?: boolean;
  guest?: boolean;
}

function input(size: number, shape: Shape) {
  const pbxUsers: PbxUser[] = Array.from({ length: size }, (_, i) => {
    const directNumber = shape.number?.(i) ?? `+1425${String(2_000_000 + i).padStart(7, '0')}`;
    return {
      id: `p${i}`,
      email: shape.email?.(i) ?? `u${i}@contoso.example`,
      directNumber,
      status: 'active',
      number: normaliseNumber(directNumber, 'US'),
    };
  });
  const teamsUsers: TeamsUser[] = Array.from({ length: size }, (_, i) => ({
    id: `t${i}`,
    userPrincipalName: `u${i}@contoso.example`,
    mail: `u${i}@contoso.example`,
    proxyAddresses: shape.alias ? ['smtp:info@contoso.example'] : [],
    accountEnabled: true,
    userType: shape.guest ? 'Guest' : 'Member',
    hasPhoneSystem: true,
    accountType: 'user',
    numbers: [],
    enterpriseVoiceEnabled: false,
    voiceRoutingPolicyId: null,
    voiceRoutingPolicyName: null,
  }));
  return { pbxUsers, teamsUsers };
}

/** The middle of several timings. */
export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Seconds the engine takes to plan these users, automatic matching, the median of 3. */
export function timePlan(
  pbxUsers: PbxUser[],
  teamsUsers: TeamsUser[],
  numberHolders = new Map<string, string>(),
): number {
  const times = [1, 2, 3].map(() => {
    const started = performance.now();
    buildPlan({
      mode: 'automatic',
      pbxUsers,
      teamsUsers,
      manualMappings: [],
      syncedLinks: [],
      numberHolders,
      connectorSeats: pbxUsers.length,
      voiceRoutingPolicy: null,
      defaultRegion: 'US',
    });
    return performance.now() - started;
  });
  return Math.round(median(times)) / 1000;
}

/**
 * The matching engine alone on each shape: seconds (median of 3), and how many times slower than
 * ordinary input the slowest shape is.
 */
export function engineShapes(size: number): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [name, shape] of Object.entries(SHAPES)) {
    const { pbxUsers, teamsUsers } = input(size, shape);
    figures[`${name}Seconds`] = timePlan(pbxUsers, teamsUsers);
  }
  const ordinary = figures.ordinarySeconds;
  figures.worstShapeRatio = Math.round((Math.max(...Object.values(figures)) / ordinary) * 10) / 10;
  return figures;
}
