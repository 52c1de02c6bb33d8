/** A voice routing policy as Teams names it: Graph's policy id and its name. */
export interface PolicyRef {
  id: string;
  name: string;
}

/** A user's effective voice routing policy as Teams reports it; either part may be missing. */
export interface HeldPolicy {
  voiceRoutingPolicyId: string | null;
  voiceRoutingPolicyName: string | null;
}

/** `Tag:PBX-Direct-Routing` and `pbx-direct-routing` name the same policy. */
const bare = (name: string) => name.replace(/^tag:/i, '').trim().toLowerCase();

/**
 * Whether the user holds the policy. `getPolicyId` and a user's effective assignments may give
 * the same policy ids of different shapes (Graph's id, or the `Tag:` identity), so the name
 * decides when the ids differ.
 */
export function holdsPolicy(user: HeldPolicy, policy: PolicyRef): boolean {
  const { voiceRoutingPolicyId: id, voiceRoutingPolicyName: name } = user;
  if (id === policy.id) return true;
  const wanted = bare(policy.name);
  return (id !== null && bare(id) === wanted) || (name !== null && bare(name) === wanted);
}
