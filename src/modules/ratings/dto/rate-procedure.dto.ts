import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { CHANNELS, Channel } from '../../inventory/rules/inventory.enums';
import { Omittable } from '../../../common/validation/presence';
import { COMMENT_MAX_LENGTH } from '../rating-rules';

const mark = (what: string) => `elija ${what} de 1 a 5`;

/** A citizen's rating from the public form (no account). The messages speak to the person filling it in. */
export class RateProcedureDto {
  @Type(() => Number)
  @IsInt({ message: mark('una valoración general') })
  @Min(1, { message: mark('una valoración general') })
  @Max(5, { message: mark('una valoración general') })
  overall: number;

  @Type(() => Number)
  @IsInt({ message: mark('cuán claros fueron los requisitos') })
  @Min(1, { message: mark('cuán claros fueron los requisitos') })
  @Max(5, { message: mark('cuán claros fueron los requisitos') })
  clarity: number;

  @Type(() => Number)
  @IsInt({ message: mark('qué le pareció el tiempo') })
  @Min(1, { message: mark('qué le pareció el tiempo') })
  @Max(5, { message: mark('qué le pareció el tiempo') })
  timeTaken: number;

  @Type(() => Number)
  @IsInt({ message: mark('cómo fue el trato') })
  @Min(1, { message: mark('cómo fue el trato') })
  @Max(5, { message: mark('cómo fue el trato') })
  treatment: number;

  @IsIn(CHANNELS, { message: 'elija el canal por el que hizo el trámite' })
  channel: Channel;

  @Omittable()
  @IsString()
  @MaxLength(COMMENT_MAX_LENGTH, { message: `el comentario puede tener como máximo ${COMMENT_MAX_LENGTH} caracteres` })
  comment?: string;
}

/** An analyst's decision on a comment waiting for moderation. */
export class ModerateCommentDto {
  @IsIn(['approve', 'reject'], { message: 'elija publicar o rechazar' })
  decision: 'approve' | 'reject';

  /** Required when rejecting: shown to no one outside the Commission and the institution. */
  @Omittable()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** An analyst's decision on a rating held by the burst rule. */
export class ReviewRatingDto {
  @IsIn(['count', 'discard'], { message: 'elija contar o descartar' })
  decision: 'count' | 'discard';
}

/** The institution's public reply to a published comment (once). */
export class ReplyCommentDto {
  @IsString()
  @IsNotEmpty({ message: 'escriba la respuesta' })
  @MaxLength(COMMENT_MAX_LENGTH, { message: `la respuesta puede tener como máximo ${COMMENT_MAX_LENGTH} caracteres` })
  reply: string;
}
