import { GraphUserProps, PbxUser } from '../state/types';
import { Prng } from './prng';
import { SKU_E3, SKU_E5 } from './licensing';

const GIVEN = [
  'Anna',
  'Ben',
  'Chloé',
  'David',
  'Emma',
  'François',
  'Grace',
  'Hugo',
  'İlker',
  'Jürgen',
  'Karin',
  'Łukasz',
  'Maria',
  'Noah',
  'Øyvind',
  'Paula',
  'Quentin',
  'Renée',
  'Siobhán',
  'Tomás',
  'Ursula',
  'Victor',
  'Wiebke',
  'Xavier',
  'Yasmin',
  'Zoë',
  'José',
  'Małgorzata',
  'Ángela',
  'Søren',
];
const FAMILY = [
  'Müller',
  'Smith',
  'García',
  'Nguyễn',
  'Dvořák',
  'Ødegaard',
  'Kowalski',
  "O'Brien",
  'Rossi',
  'Schmidt',
  'Johnson',
  'Lefèvre',
  'Yılmaz',
  'Novák',
  'Brown',
  'Jensen',
  'Šimić',
  'Fischer',
  'Martin',
  'Weber',
  'Kim',
  'Sato',
  'Meyer',
  'Wagner',
  'Becker',
  'Hoffmann',
  'Lopez',
  'Silva',
  'Costa',
  'Ivanova',
];

export interface PopulationOptions {
  seed: number;
  size: number;
  /** Share of PBX users that also exist in Microsoft 365 (default 0.8). */
  overlap?: number;
  /** The customer's e-mail domain. */
  domain: string;
  /** The tenant's initial domain, `<name>.onmicrosoft.com`. */
  initialDomain: string;
}

export interface SeedMicrosoftUser {
  id: string;
  props: GraphUserProps;
  accountKind: 'user' | 'resourceAccount';
}

export interface Population {
  microsoftUsers: SeedMicrosoftUser[];
  pbxUsers: Omit<PbxUser, 'createdAt' | 'modifiedAt'>[];
  /** Numbers already assigned in Teams before any sync: [telephoneNumber, Microsoft user id]. */
  teamsNumbers: [string, string][];
  counts: Record<string, number>;
}

type Trait =
  | 'guest'
  | 'disabled'
  | 'mailNotUpn'
  | 'aliasOnly'
  | 'noPhoneSystem'
  | 'unicodeVariant'
  | 'ambiguous'
  | 'plain';

const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .replace(/ı/g, 'i');

/**
 * A deterministic population for both directories: the same seed and size always give the same
 * users, with every case the matcher has to handle present in known proportions.
 */
export function generatePopulation(options: PopulationOptions): Population {
  const prng = new Prng(options.seed);
  const overlap = options.overlap ?? 0.8;
  const counts: Record<string, number> = {};
  const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  const microsoftUsers: SeedMicrosoftUser[] = [];
  const pbxUsers: Population['pbxUsers'] = [];
  const teamsNumbers: [string, string][] = [];
  // Uses of each local part so far: bases are letters and a dot, so `base` + a count is unique.
  const localUses = new Map<string, number>();
  let previousName: [string, string] | null = null;
  let matchedCount = 0;

  const uniqueLocal = (base: string) => {
    const local = base.toLowerCase();
    const uses = (localUses.get(local) ?? 0) + 1;
    localUses.set(local, uses);
    return uses === 1 ? local : `${local}${uses}`;
  };
  const license = (phoneSystem: boolean) => [
    { skuId: phoneSystem ? SKU_E5 : SKU_E3, disabledPlans: [] },
  ];
  const microsoftUser = (
    given: string,
    family: string,
    overrides: Partial<GraphUserProps>,
  ): SeedMicrosoftUser => {
    const local = uniqueLocal(`${ascii(given)}.${ascii(family)}`);
    const mail = `${local}@${options.domain}`;
    return {
      id: prng.guid(),
      accountKind: 'user',
      props: {
        userPrincipalName: mail,
        displayName: `${given} ${family}`,
        givenName: given,
        surname: family,
        mail,
        proxyAddresses: [`SMTP:${mail}`],
        accountEnabled: true,
        userType: 'Member',
        usageLocation: 'US',
        businessPhones: [],
        mobilePhone: null,
        jobTitle: null,
        department: null,
        officeLocation: null,
        preferredLanguage: 'en-US',
        assignedLicenses: license(true),
        ...overrides,
      },
    };
  };

  for (let i = 0; i < options.size; i++) {
    const duplicateName: boolean = previousName !== null && prng.chance(0.02);
    const [given, family]: [string, string] =
      duplicateName && previousName ? previousName : [prng.pick(GIVEN), prng.pick(FAMILY)];
    if (duplicateName) count('duplicateDisplayName');
    previousName = [given, family];
    const directNumber = `+1425${200 + Math.floor(i / 10000)}${String(i % 10000).padStart(4, '0')}`;
    const matched = prng.chance(overlap);
    if (matched) matchedCount++;
    let pbxEmail: string | null;

    if (matched) {
      const trait = pickTrait(prng);
      count(trait);
      const user = microsoftUser(given, family, {});
      pbxEmail = applyTrait(
        trait,
        user,
        options,
        prng,
        () => microsoftUser(prng.pick(GIVEN), prng.pick(FAMILY), {}),
        microsoftUsers,
        license,
      );
      microsoftUsers.push(user);
      if (trait === 'plain' && prng.chance(0.02)) {
        teamsNumbers.push([directNumber, user.id]);
        count('alreadyAssignedInTeams');
      }
    } else {
      pbxEmail = `${uniqueLocal(`${ascii(given)}.${ascii(family)}`)}@${options.domain}`;
      count('pbxOnly');
    }
    const pbx = pbxUser(i, given, family, pbxEmail, directNumber, prng, count);
    pbxUsers.push(pbx);
  }

  // Microsoft-only staff, so both directories hold `size` people; a few hold PBX numbers already.
  for (let i = 0; i < options.size - matchedCount; i++) {
    const user = microsoftUser(prng.pick(GIVEN), prng.pick(FAMILY), {});
    microsoftUsers.push(user);
    count('microsoftOnly');
    const victim = pbxUsers[Math.floor(prng.next() * pbxUsers.length)];
    if (
      prng.chance(0.03) &&
      victim?.directNumber &&
      !teamsNumbers.some(([n]) => n === victim.directNumber)
    ) {
      teamsNumbers.push([victim.directNumber, user.id]);
      count('numberHeldByOtherUser');
    }
  }
  return { microsoftUsers, pbxUsers, teamsNumbers, counts };
}

function pickTrait(prng: Prng): Trait {
  const roll = prng.next();
  const table: [number, Trait][] = [
    [0.03, 'guest'],
    [0.06, 'disabled'],
    [0.11, 'mailNotUpn'],
    [0.15, 'aliasOnly'],
    [0.2, 'noPhoneSystem'],
    [0.25, 'unicodeVariant'],
    [0.255, 'ambiguous'],
  ];
  return table.find(([limit]) => roll < limit)?.[1] ?? 'plain';
}

/** Shapes the Microsoft user for its trait and returns the e-mail address the PBX holds. */
function applyTrait(
  trait: Trait,
  user: SeedMicrosoftUser,
  options: PopulationOptions,
  prng: Prng,
  another: () => SeedMicrosoftUser,
  all: SeedMicrosoftUser[],
  license: (phoneSystem: boolean) => GraphUserProps['assignedLicenses'],
): string {
  const p = user.props;
  const local = p.mail!.split('@')[0];
  switch (trait) {
    case 'guest': {
      const external = `${local}@partner.example`;
      Object.assign(p, {
        userType: 'Guest',
        mail: external,
        proxyAddresses: [`SMTP:${external}`],
        userPrincipalName: `${local}_partner.example#EXT#@${options.initialDomain}`,
        assignedLicenses: [],
      });
      return external;
    }
    case 'disabled':
      p.accountEnabled = false;
      return p.mail!;
    case 'mailNotUpn':
      p.userPrincipalName = `${local}@${options.initialDomain}`;
      return p.mail!;
    case 'aliasOnly': {
      const alias = `${local.split('.')[0]}.${Math.floor(prng.next() * 9000 + 1000)}@${options.domain}`;
      p.proxyAddresses.push(`smtp:${alias}`);
      return alias;
    }
    case 'noPhoneSystem':
      p.assignedLicenses = license(false);
      return p.mail!;
    case 'unicodeVariant': {
      // Microsoft holds the NFC form; the PBX the decomposed, upper-cased form with stray spaces.
      const unicodeLocal = `${p.givenName}.${p.surname}`
        .toLowerCase()
        .normalize('NFC')
        .replace(/['\s]/g, '');
      const mail = `${unicodeLocal}.${local.length}${Math.floor(prng.next() * 1e6)}@${options.domain}`;
      Object.assign(p, { mail, proxyAddresses: [`SMTP:${mail}`] });
      return `  ${mail.normalize('NFD').toUpperCase()} `;
    }
    case 'ambiguous': {
      const rival = another();
      rival.props.proxyAddresses.push(`smtp:${p.mail}`);
      all.push(rival);
      return p.mail!;
    }
    default:
      return p.mail!;
  }
}

function pbxUser(
  i: number,
  given: string,
  family: string,
  email: string | null,
  directNumber: string,
  prng: Prng,
  count: (key: string) => void,
): Population['pbxUsers'][number] {
  const roll = prng.next();
  let number: string | null = directNumber;
  let status: PbxUser['status'] = 'active';
  if (roll < 0.05) {
    number = null;
    count('extensionOnly');
  } else if (roll < 0.06) {
    number = `+1555${String(i % 1000).padStart(3, '0')}`;
    count('invalidNumber');
  } else if (roll < 0.08) {
    status = 'suspended';
    count('pbxSuspended');
  } else if (roll < 0.09) {
    email = null;
    count('pbxWithoutEmail');
  }
  return {
    id: `pbx-${String(i + 1).padStart(6, '0')}`,
    email,
    firstName: given,
    lastName: family,
    extension: String(1000 + i),
    directNumber: number,
    status,
    secureCalling: false,
  };
}
