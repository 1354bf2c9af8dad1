import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getFromContainer, MetadataStorage, validateSync, ValidationTypes } from 'class-validator';
import { getMetadataArgsStorage } from 'typeorm';
import { UpdateInstitutionDto } from '../../../modules/institutions/dto/institution.dto';
import { Institution } from '../../../modules/institutions/entities/institution.entity';
import { UpdateLegalDeadlineDto } from '../../../modules/inventory/deadlines/dto/legal-deadline.dto';
import { LegalDeadline } from '../../../modules/inventory/deadlines/entities/legal-deadline.entity';
import { UpdateMilestoneDto } from '../../../modules/inventory/plans/dto/milestone.dto';
import { UpdatePlanDto } from '../../../modules/inventory/plans/dto/plan.dto';
import { UpdateRationalisationActionDto } from '../../../modules/inventory/plans/dto/rationalisation-action.dto';
import { Milestone } from '../../../modules/inventory/plans/entities/milestone.entity';
import { RationalisationAction } from '../../../modules/inventory/plans/entities/rationalisation-action.entity';
import { SimplificationPlan } from '../../../modules/inventory/plans/entities/simplification-plan.entity';
import { UpdateProcedureDto } from '../../../modules/inventory/procedures/dto/procedure.dto';
import { Procedure } from '../../../modules/inventory/procedures/entities/procedure.entity';
import { UpdateProgressReportDto } from '../../../modules/inventory/reports/dto/progress-report.dto';
import { ProgressReport } from '../../../modules/inventory/reports/entities/progress-report.entity';
import { UpdateRequirementDto } from '../../../modules/inventory/procedures/requirements/dto/requirement.dto';
import { Requirement } from '../../../modules/inventory/procedures/requirements/entities/requirement.entity';
import { UpdateReminderRuleDto } from '../../../modules/notifications/dto/reminder-rule.dto';
import { ReminderRule } from '../../../modules/notifications/entities/reminder-rule.entity';
import { UpdateUserDto } from '../../../modules/users/dto/user.dto';
import { User } from '../../../modules/users/entities/user.entity';

/** The body DTO of every @Patch handler of every controller under src/modules. */
function patchBodies(): Ctor[] {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.controller.ts') ? [join(dir, e.name)] : [],
    );
  const out = new Set<Ctor>();
  for (const file of files(join(__dirname, '../../../modules'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- every controller file, found on disk
    for (const exported of Object.values(require(file) as Record<string, unknown>)) {
      if (typeof exported !== 'function') continue;
      for (const method of Object.getOwnPropertyNames(exported.prototype)) {
        const handler = exported.prototype[method] as unknown;
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.PATCH) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, exported, method) ?? {}) as Record<string, { index: number }>;
        const body = Object.entries(args).find(([key]) => key.startsWith(`${RouteParamtypes.BODY}:`));
        const types = Reflect.getMetadata('design:paramtypes', exported.prototype, method) as Ctor[];
        if (body) out.add(types[body[1].index]);
      }
    }
  }
  return [...out];
}

type Ctor = abstract new (...args: never[]) => unknown;
const PATCH_BODIES: Array<[Ctor, Ctor]> = [
  [UpdateUserDto, User],
  [UpdateInstitutionDto, Institution],
  [UpdateReminderRuleDto, ReminderRule],
  [UpdateMilestoneDto, Milestone],
  [UpdatePlanDto, SimplificationPlan],
  [UpdateRationalisationActionDto, RationalisationAction],
  [UpdateRequirementDto, Requirement],
  [UpdateProgressReportDto, ProgressReport],
  [UpdateProcedureDto, Procedure],
  [UpdateLegalDeadlineDto, LegalDeadline],
];

function columns(entity: Ctor): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const c of getMetadataArgsStorage().columns) {
    if (typeof c.target === 'function' && (c.target === entity || entity.prototype instanceof c.target))
      out.set(c.propertyName, c.options.nullable === true);
  }
  return out;
}

/** Columns that may hold NULL but that a PATCH may not set to null, and why (refusing is always safe). */
const NULL_REFUSED: Record<string, string> = {
  'UpdateInstitutionDto.optedInAt': 'obligatoria mientras la institución esté adherida; se quita cambiando coverage',
  'UpdateInstitutionDto.adhesionAct': 'obligatoria mientras la institución esté adherida; se quita cambiando coverage',
};

const conditionalNames = (dto: Ctor, property: string): string[] =>
  getFromContainer(MetadataStorage)
    .getTargetValidationMetadatas(dto as new () => unknown, '', true, false)
    .filter((m) => m.propertyName === property && m.type === ValidationTypes.CONDITIONAL_VALIDATION)
    .map((m) => m.name ?? 'validateIf');

describe('PATCH bodies: nullability follows the entity (a null must never reach a NOT NULL column)', () => {
  it.each(PATCH_BODIES.map(([dto, entity]) => [dto.name, dto, entity] as const))('%s', (_name, dto, entity) => {
    const cols = columns(entity);
    const props = ((Reflect.getMetadata('swagger/apiModelPropertiesArray', dto.prototype) ?? []) as string[]).map((k) => k.slice(1));
    expect(props.length).toBeGreaterThan(1);
    const problems: string[] = [];
    for (const p of props) {
      const nullable = (Reflect.getMetadata('swagger/apiModelProperties', dto.prototype, p) as { nullable?: boolean }).nullable === true;
      const key = `${dto.name}.${p}`;
      if (!cols.has(p)) problems.push(`${key}: not a column of ${entity.name} (map it here)`);
      else if (nullable && !cols.get(p)) problems.push(`${key}: nullable in the body, NOT NULL in ${entity.name} (use @Omittable())`);
      else if (!nullable && cols.get(p) && p !== 'version' && !NULL_REFUSED[key])
        problems.push(`${key}: the column takes NULL ("sin dato"); use @Nullable() or say why not in NULL_REFUSED`);
      // the one convention: @Omittable()/@Nullable()/PatchType, never @IsOptional() (which lets null through unvalidated)
      // and the validators agree with the document: null passes exactly when declared nullable
      const refused = validateSync(plainToInstance(dto as new () => object, { [p]: null })).some((e) => e.property === p);
      if (refused === nullable)
        problems.push(
          `${key}: declared ${nullable ? '' : 'not '}nullable, but null is ${refused ? 'refused' : 'let through'} by its validators`,
        );
      if (conditionalNames(dto, p).includes('isOptional'))
        problems.push(`${key}: @IsOptional() in a body; use @Omittable() or @Nullable()`);
    }
    expect(problems).toEqual([]);
  });

  it('every PATCH route of the API is listed here (found from the controllers)', () => {
    const bodies = patchBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(10);
    expect(bodies.filter((dto) => !PATCH_BODIES.some(([listed]) => listed === dto)).map((dto) => dto.name)).toEqual([]);
  });
});
