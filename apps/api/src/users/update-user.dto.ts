import { BooleanField, StringListField, TextField } from '../common/fields';
import { ROLES } from './roles';

/** PATCH /users/:id: every field optional, at least one present. Takes effect on the user's next request. */
export class UpdateUserDto {
  @BooleanField({ description: 'false deactivates: the next request with any of the user’s tokens answers 401' })
  active?: boolean;

  @StringListField(
    { enum: ROLES },
    { max: ROLES.length, unique: true },
    { description: 'the full new list (replaces the old one); may be empty' },
  )
  roles?: string[];

  @TextField(1, 100)
  name?: string;
}
