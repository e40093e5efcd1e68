import { TextField } from '../common/fields';

export class LoginDto {
  @TextField(1, 100, { required: true, example: 'hospa.officer' }) username!: string;
  @TextField(1, 200, { required: true, example: 'Demo-Passw0rd!' }) password!: string;
}
