/**
 * Chinese names of phases and deadline kinds: the same module the API writes into its CSV/Excel exports
 * (apps/api/src/supervision/supervision.labels.ts), bundled into the script at build time.
 */
import { KIND_LABELS, PHASE_LABELS } from '@apps/api/src/supervision/supervision.labels';

export { KIND_LABELS };

const PHASE_NAMES: Readonly<Record<string, string | undefined>> = PHASE_LABELS;
const KIND_NAMES: Readonly<Record<string, string | undefined>> = KIND_LABELS;

export function phaseName(phase: string): string {
  return PHASE_NAMES[phase] || phase;
}

export function kindName(kind: string): string {
  return KIND_NAMES[kind] || kind;
}
