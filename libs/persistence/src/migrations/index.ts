import { Initial1763800000000 } from './1763800000000-Initial';

/** Every migration, in order. Schema changes only ever happen here (never `synchronize`). */
export const MIGRATIONS = [Initial1763800000000];
