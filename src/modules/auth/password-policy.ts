import { AppException } from '../../common/errors/app.exception';
import { PASSWORD_MIN } from './dto/auth.dto';

/** Rules beyond length that a validator cannot see alone (they need the e-mail). Pure, unit-tested. */
export function passwordProblems(password: string, email: string): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN) problems.push(`debe tener al menos ${PASSWORD_MIN} caracteres`);
  if (new Set(password.toLowerCase()).size < 4) problems.push('debe combinar más caracteres distintos');
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && password.toLowerCase().includes(local)) problems.push('no debe contener su correo electrónico');
  return problems;
}

export function assertStrongPassword(password: string, email: string): void {
  const problems = passwordProblems(password, email);
  if (problems.length) {
    throw AppException.badRequest(`La contraseña es débil: ${problems.join('; ')}.`, [{ field: 'password', messages: problems }]);
  }
}
