import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Omittable } from '../../../common/validation/presence';
import { ReadVersion } from '../../../common/validation/read-version';
import { ROLES, Role } from '../../../common/auth/roles';
import { PageMeta, PageQuery } from '../../../common/pagination/page';
import { User, USER_STATUSES, UserStatus } from '../entities/user.entity';

const normalizeEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class InviteUserDto {
  @ApiProperty({ example: 'enlace@mineco.gob.gt' })
  @Transform(normalizeEmail)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'María José Pérez' })
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: 'Obligatoria para enlaces y administradores institucionales; vacía para la Comisión' })
  @Omittable()
  @IsUUID()
  institutionId?: string;
}

export class UpdateUserDto {
  @ReadVersion()
  version: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(2, 200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @Omittable()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @Omittable()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}

export class UserResponse {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: USER_STATUSES }) status: UserStatus;
  @ApiProperty({ nullable: true, type: String }) institutionId: string | null;
  @ApiProperty({ nullable: true, type: Date }) lastLoginAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;

  static from(u: User): UserResponse {
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      status: u.status,
      institutionId: u.institutionId,
      lastLoginAt: u.lastLoginAt,
      version: u.version,
      createdAt: u.createdAt,
    };
  }
}

/** The same answer whether or not the address already has an account (no account oracle). */
export class InvitationAcceptedResponse {
  @ApiProperty({
    example:
      'Se envió una invitación a persona@institucion.gob.gt. Si la dirección ya tiene una cuenta, su titular recibirá un aviso en lugar del enlace.',
  })
  message: string;

  @ApiProperty({ example: 'persona@institucion.gob.gt' })
  email: string;
}

export class UserPage extends PageMeta {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
}
