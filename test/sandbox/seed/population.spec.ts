import { generatePopulation } from './population';

const options = {
  seed: 7,
  size: 4000,
  domain: 'contoso.example',
  initialDomain: 'contoso.onmicrosoft.com',
};

describe('generatePopulation', () => {
  it('gives the same users for the same seed, and others for another seed', () => {
    const a = generatePopulation(options);
    const b = generatePopulation(options);
    const c = generatePopulation({ ...options, seed: 8 });
    expect(b).toEqual(a);
    expect(c.microsoftUsers[0].id).not.toBe(a.microsoftUsers[0].id);
  });

  it('contains every case the matcher must handle', () => {
    const { counts, microsoftUsers, pbxUsers } = generatePopulation(options);
    for (const trait of [
      'guest',
      'disabled',
      'mailNotUpn',
      'aliasOnly',
      'noPhoneSystem',
      'unicodeVariant',
      'ambiguous',
      'duplicateDisplayName',
      'extensionOnly',
      'invalidNumber',
      'pbxSuspended',
      'pbxWithoutEmail',
      'pbxOnly',
      'microsoftOnly',
      'alreadyAssignedInTeams',
      'numberHeldByOtherUser',
    ]) {
      expect([trait, counts[trait] ?? 0]).toEqual([trait, expect.any(Number)]);
      expect(counts[trait]).toBeGreaterThan(0);
    }
    expect(pbxUsers).toHaveLength(4000);
    expect(microsoftUsers.length).toBeGreaterThanOrEqual(4000);
    expect(new Set(microsoftUsers.map((u) => u.props.userPrincipalName)).size).toBe(
      microsoftUsers.length,
    );
    expect(microsoftUsers.some((u) => /[^ -~]/.test(u.props.mail ?? ''))).toBe(true);
    const numbers = pbxUsers.map((u) => u.directNumber).filter(Boolean);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
