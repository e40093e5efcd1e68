import { UuidField } from '../common/fields';

/** GET /organisations: the caller's subtree, or only the direct children of one organisation in it. */
export class ListOrganisationsQuery {
  @UuidField({ description: 'only the direct children of this organisation (404 outside your subtree)' }, 'parentId')
  parentId?: string;
}
