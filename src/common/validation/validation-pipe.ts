import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';
import { annotateCodes } from '../glossary/glossary';

interface FieldProblem {
  field: string;
  messages: string[];
}

const firstNumber = (text: string) => text.match(/-?\d+(\.\d+)?/)?.[0] ?? '';
/** "… one of the following values: person, business, both" → "person (personas), business (empresas), both (…)" (the glossary's words). */
const allowedValues = (text: string) =>
  annotateCodes(
    (text.split(':').pop() ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** class-validator writes English; people read Spanish. Constraint keys are stable, so messages are rewritten by key. */
const MESSAGES_BY_CONSTRAINT: Record<string, (english: string) => string> = {
  whitelistValidation: () => 'no es un campo admitido',
  isString: () => 'debe ser texto',
  isNotEmpty: () => 'es obligatorio',
  isDefined: () => 'es obligatorio',
  isEmail: () => 'debe ser un correo electrónico válido',
  isInt: () => 'debe ser un número entero',
  isNumber: () => 'debe ser un número',
  isNumberString: () => 'debe ser un número',
  isDecimal: () => 'debe ser un número decimal',
  isBoolean: () => 'debe ser verdadero o falso',
  isUuid: () => 'debe ser un identificador UUID',
  isUUID: () => 'debe ser un identificador UUID',
  isDateString: () => 'debe ser una fecha ISO 8601 (AAAA-MM-DD)',
  isIso8601: () => 'debe ser una fecha ISO 8601 (AAAA-MM-DD)',
  isISO8601: () => 'debe ser una fecha ISO 8601 (AAAA-MM-DD)',
  isDate: () => 'debe ser una fecha válida',
  isUrl: () => 'debe ser una URL válida',
  isArray: () => 'debe ser una lista',
  isObject: () => 'debe ser un objeto',
  isEnum: (m) => `debe ser uno de: ${allowedValues(m)}`,
  isIn: (m) => `debe ser uno de: ${allowedValues(m)}`,
  min: (m) => `debe ser mayor o igual que ${firstNumber(m)}`,
  max: (m) => `debe ser menor o igual que ${firstNumber(m)}`,
  isLength: (m) =>
    m.includes('longer') ? `debe tener al menos ${firstNumber(m)} caracteres` : `debe tener como máximo ${firstNumber(m)} caracteres`,
  minLength: (m) => `debe tener al menos ${firstNumber(m)} caracteres`,
  maxLength: (m) => `debe tener como máximo ${firstNumber(m)} caracteres`,
  arrayMinSize: (m) => `debe tener al menos ${firstNumber(m)} elementos`,
  arrayMaxSize: (m) => `debe tener como máximo ${firstNumber(m)} elementos`,
  arrayUnique: () => 'no debe repetir elementos',
  matches: () => 'no tiene el formato esperado',
  nestedValidation: () => 'debe ser un objeto válido',
};

const NULL_MESSAGE = 'no puede ser nulo (omita el campo para no cambiarlo)';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own: FieldProblem[] = e.constraints
      ? [
          {
            field,
            // null where a value is required says so, rather than "debe ser texto".
            messages:
              e.value === null && e.constraints[NOT_NULL]
                ? [NULL_MESSAGE]
                : Object.entries(e.constraints).map(([key, english]) =>
                    // A DTO may carry its own Spanish message; translate only class-validator's English defaults.
                    MESSAGES_BY_CONSTRAINT[key] && /\b(must|should)\b/.test(english) ? MESSAGES_BY_CONSTRAINT[key](english) : english,
                  ),
          },
        ]
      : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

function validationException(errors: ValidationError[]): AppException {
  const details = flattenValidationErrors(errors);
  const fields = [...new Set(details.map((d) => d.field))].join(', ');
  return new AppException(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, `La solicitud tiene datos inválidos en: ${fields}.`, details);
}

const NOT_NULL = 'isNotNull';
const SWAGGER_PROPERTIES = 'swagger/apiModelProperties';

/** Whether the DTO declares this property nullable (`@ApiProperty({ nullable: true })`, as the OpenAPI document says). */
function declaredNullable(instance: object, property: string): boolean {
  const meta = Reflect.getMetadata(SWAGGER_PROPERTIES, instance, property) as { nullable?: boolean } | undefined;
  return meta?.nullable === true;
}

/**
 * `null` for a property the DTO does not declare nullable: refused (class-validator's @IsOptional lets null through,
 * and a NOT NULL column then fails in PostgreSQL). Walks nested DTOs and lists of them.
 */
export function nullProblems(instance: unknown): ValidationError[] {
  if (!instance || typeof instance !== 'object' || instance.constructor === Object || Array.isArray(instance)) return [];
  const errors: ValidationError[] = [];
  for (const [property, value] of Object.entries(instance)) {
    if (value === null && !declaredNullable(instance, property)) {
      errors.push({ property, value, constraints: { [NOT_NULL]: NULL_MESSAGE }, children: [] } as ValidationError);
      continue;
    }
    const nested = Array.isArray(value)
      ? value.flatMap((v, n) => {
          const children = nullProblems(v);
          return children.length ? [{ property: String(n), value: v, children } as ValidationError] : [];
        })
      : nullProblems(value);
    if (nested.length) errors.push({ property, value, children: nested } as ValidationError);
  }
  return errors;
}

/** The global pipe: class-validator, plus the null rule above (merged per property, so each field is named once). */
class NullAwareValidationPipe extends ValidationPipe {
  protected override async validate(object: object, options?: Parameters<ValidationPipe['validate']>[1]): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    const named = new Set(errors.map((e) => e.property));
    return [
      ...errors.map((e) => (e.value === null ? Object.assign(e, { constraints: { ...e.constraints, [NOT_NULL]: NULL_MESSAGE } }) : e)),
      ...nullProblems(object).filter((e) => !named.has(e.property)),
    ];
  }
}

export function createValidationPipe(): ValidationPipe {
  return new NullAwareValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: validationException,
  });
}
