import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { UserResponse } from '../../users/dto/user.dto';

const normalizeEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const PASSWORD_MIN = 12;

/** Strong enough: at least 12 characters, not one repeated character, and not the e-mail. Argon2id does the rest. */
export class NewPasswordFields {
  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: 128, example: 'una frase larga y fácil de recordar' })
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `La contraseña debe tener al menos ${PASSWORD_MIN} caracteres` })
  @MaxLength(128, { message: 'La contraseña debe tener como máximo 128 caracteres' })
  password: string;
}

export class LoginDto {
  @ApiProperty({ example: 'enlace.mineco@demo.simplifica.gt' })
  @Transform(normalizeEmail)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Simplifica-Demo-2026' })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(10, 200)
  refreshToken: string;
}

export class AcceptInvitationDto extends NewPasswordFields {
  @ApiProperty({ description: 'Token recibido en el enlace de invitación' })
  @IsString()
  @Length(10, 200)
  token: string;
}

export class RequestPasswordResetDto {
  @ApiProperty()
  @Transform(normalizeEmail)
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class ConfirmPasswordResetDto extends NewPasswordFields {
  @ApiProperty()
  @IsString()
  @Length(10, 200)
  token: string;
}

export class TokenPairResponse {
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 900, description: 'Segundos de validez del token de acceso' }) expiresIn: number;
  @ApiProperty({ description: 'Se rota en cada uso; reutilizar uno anterior revoca la sesión completa' }) refreshToken: string;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}

export class AcceptedResponse {
  @ApiProperty({ example: 'Si el correo corresponde a una cuenta activa, recibirá un enlace para restablecer la contraseña.' })
  message: string;
}
