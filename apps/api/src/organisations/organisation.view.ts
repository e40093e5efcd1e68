/** Response types of /organisations, from their schemas in libs/contract (views.ts). */
export type { ImportErrorView, ImportResultView, OrganisationView } from '@libs/contract/src';
