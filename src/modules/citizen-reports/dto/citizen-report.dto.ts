import { IsBoolean, IsEmail, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { Omittable } from '../../../common/validation/presence';
import { IsDateOnly } from '../../../common/validation/date-only';
import { ReadVersion } from '../../../common/validation/read-version';
import { CHANNELS } from '../../inventory/rules/inventory.enums';
import { CITIZEN_REPORT_KINDS, CitizenReportKind } from '../citizen-report.rules';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const blankAsMissing = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : trimmed({ value });

/** A citizen's report, as the public form sends it (no account). */
export class FileCitizenReportDto {
  @IsIn(CITIZEN_REPORT_KINDS, { message: 'elija qué le pidieron: algo que no está en la lista o algo prohibido' })
  kind: CitizenReportKind;

  /** The registered requirement reported as prohibited (kind "prohibited"). */
  @Transform(blankAsMissing)
  @Omittable()
  @IsUUID('4', { message: 'elija el requisito de la lista' })
  requirementId?: string;

  @Transform(trimmed)
  @IsString()
  @Length(3, 500, { message: 'describa lo que le pidieron (de 3 a 500 caracteres)' })
  whatAsked: string;

  @IsDateOnly({ message: 'escriba la fecha en que se lo pidieron (día, mes y año)' })
  askedOn: string;

  @IsIn(CHANNELS, { message: 'elija dónde se lo pidieron' })
  channel: string;

  @Transform(blankAsMissing)
  @Omittable()
  @IsString()
  @MaxLength(200, { message: 'la oficina o el lugar admite hasta 200 caracteres' })
  place?: string;

  @Transform(blankAsMissing)
  @Omittable()
  @IsEmail({}, { message: 'escriba un correo electrónico válido, o déjelo en blanco' })
  @MaxLength(254)
  email?: string;
}

/** The institution's answer to a report. */
export class AnswerCitizenReportDto {
  @Transform(trimmed)
  @IsString()
  @Length(10, 4000, { message: 'escriba la respuesta de la institución (de 10 a 4,000 caracteres)' })
  answer: string;

  @ReadVersion()
  version: number;
}

/** The Commission's ruling on a report. */
export class RuleCitizenReportDto {
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'elija si la denuncia es fundada o infundada' })
  founded: boolean;

  @Transform(trimmed)
  @IsString()
  @Length(10, 4000, { message: 'escriba el motivo de la decisión (de 10 a 4,000 caracteres)' })
  reason: string;

  @ReadVersion()
  version: number;
}
