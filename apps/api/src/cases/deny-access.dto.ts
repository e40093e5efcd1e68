import { TextField } from '../common/fields';

export class DenyAccessDto {
  @TextField(2, 500, { required: true, example: '与被调查人存在师生关系' }) reason!: string;
}
