import { PatternField, StringListField, TextField, UuidField } from '../common/fields';
import { ROLES } from './roles';

/** [decision] An e-mail address as accounts take it: dot-separated atoms before the @, letter-digit-hyphen labels after. */
export const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64})*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;

/** POST /users: a new account in one organisation of the caller's subtree. */
export class CreateUserDto {
  @PatternField(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'username must be 3–64 characters of a–z 0–9 . _ - starting with a letter or digit', {
    required: true,
    example: 'hospa.officer2',
    description: '3–64 characters: lower-case letters, digits, ".", "_", "-"',
  })
  username!: string;

  @TextField(1, 100, { required: true, example: '甲院办案人员二' })
  name!: string;

  @PatternField(EMAIL, 'email must be an email address (local part, @, a domain with a top-level part of letters)', {
    example: 'officer2@hospital-a.example.org',
    length: { min: 6, max: 200 },
  })
  email?: string;

  @UuidField({ required: true, description: 'an organisation of your subtree' }, 'orgId')
  orgId!: string;

  @StringListField({ enum: ROLES }, { min: 1, max: ROLES.length, unique: true }, { required: true })
  roles!: string[];

  @TextField(12, 200, { required: true, description: 'at least 12 characters' })
  password!: string;
}
