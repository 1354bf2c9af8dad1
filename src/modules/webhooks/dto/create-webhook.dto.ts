import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUrl, MaxLength } from 'class-validator';
import { CHANGE_TYPES } from '../../public-api/dto/public-response.dto';

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://tablero.agexport.org.gt/hooks/simplifica',
    description:
      'URL https pública, sin usuario ni contraseña; no se admiten direcciones privadas, de loopback ni nombres internos (localhost, *.internal). No se siguen redirecciones.',
  })
  // The format only; the service applies the target policy (https, public host), which depends on configuration.
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true },
    { message: 'url debe ser una URL https completa, sin usuario ni contraseña' },
  )
  @MaxLength(500)
  url: string;

  @ApiProperty({ enum: CHANGE_TYPES, isArray: true, example: ['requirement_eliminated', 'level_validated'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CHANGE_TYPES, { each: true })
  events: string[];
}
