import { EnumField, UuidField } from '../common/fields';
import { ROLES } from '../users/roles';

/** GET /organisations: the caller's subtree, or only the direct children of one organisation in it. */
export class ListOrganisationsQuery {
  @UuidField({ description: 'only the direct children of this organisation (404 outside your subtree)' }, 'parentId')
  parentId?: string;
}

/** GET /organisations/{id}/members: only the accounts holding this role. */
export class ListMembersQuery {
  @EnumField(ROLES, { description: 'only the accounts holding this role' }, 'role') role?: string;
}
