import { IsString, Length, MaxLength } from 'class-validator';
import { NewPasswordFields } from '../../../modules/auth/dto/auth.dto';

/**
 * The account forms' own fields. Each extends the API's DTO (its rules and messages); what only a page needs (typing
 * the new password twice, the current password) is added here.
 */
export class NewPasswordForm extends NewPasswordFields {
  @IsString()
  @MaxLength(128)
  passwordConfirm: string;
}

export class ChangePasswordForm extends NewPasswordForm {
  @IsString()
  @Length(1, 128, { message: 'Escriba su contraseña actual' })
  currentPassword: string;
}

/** Both typings of a new password must agree (checked before the server's policy). */
export const confirmProblem = (form: { password?: string; passwordConfirm?: string }): string | null =>
  form.password !== undefined && form.passwordConfirm !== undefined && form.password !== form.passwordConfirm
    ? 'Las dos contraseñas no coinciden.'
    : null;
