import { InitialSchema1763700000000 } from './migrations/1763700000000-initial-schema';

/** Every migration in order; they run at start-up and with `npm run migration:run`. */
export const MIGRATIONS = [InitialSchema1763700000000];
