import { DEMO_ORGS, DEMO_PASSWORD } from '@libs/persistence/src/seed';
import type { E2EStack } from './app';

/**
 * Integrity administrators the demo seed does not have (national, the cities), created through the API by a system
 * administrator, each answered 201, each signing in with the demo password.
 */
export async function createIntegrityAdmins(
  s: E2EStack,
  sysadminToken: string,
  admins: ReadonlyArray<readonly [username: string, org: keyof typeof DEMO_ORGS]>,
): Promise<void> {
  for (const [username, org] of admins) {
    await s.http
      .post('/api/v1/users')
      .set({ Authorization: `Bearer ${sysadminToken}` })
      .send({
        username,
        name: username,
        email: `${username}@example.org`,
        orgId: DEMO_ORGS[org].id,
        roles: ['integrity_admin'],
        password: DEMO_PASSWORD,
      })
      .expect(201);
  }
}
