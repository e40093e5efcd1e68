/**
 * Secrets for a test process: random ones, made here (the source holds none: libs/config/src/config.ts refuses to
 * start without configured secrets). Set once per process, so every stack of the process signs and seals alike.
 */
import { newIdEncryptionKey, newJwtSecret } from '@libs/config/src/local-secrets';

export function useTestSecrets(): void {
  process.env.JWT_SECRET ||= newJwtSecret();
  process.env.ID_ENCRYPTION_KEY ||= newIdEncryptionKey();
}
