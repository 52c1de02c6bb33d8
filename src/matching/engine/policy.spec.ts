import { holdsPolicy } from './policy';

const POLICY = { id: 'VnMAaN3X2X1B9tEHx1CJWfC76PSaKEzA4NoUuqIMRUo', name: 'PBX-Direct-Routing' };

describe('whether a user holds the voice routing policy', () => {
  it.each<[string, string | null, string | null, boolean]>([
    ['the same Graph id', POLICY.id, null, true],
    ['the Tag: identity', 'Tag:PBX-Direct-Routing', null, true],
    ['the identity in other case', 'tag:pbx-direct-routing', null, true],
    ['another id with the same name', '9f1c-other-shape', 'PBX-Direct-Routing', true],
    ['another policy', 'Tag:Global', 'Global', false],
    ['another id and no name', '9f1c-other-shape', null, false],
    ['no policy at all', null, null, false],
  ])('%s: %s / %s → %s', (_, id, name, holds) => {
    expect(holdsPolicy({ voiceRoutingPolicyId: id, voiceRoutingPolicyName: name }, POLICY)).toBe(
      holds,
    );
  });
});
