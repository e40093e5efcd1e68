/** An account as the API shows it (never the password hash), from its schema in libs/contract (views.ts). */
export type { UserView } from '@libs/contract/src';
