import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { COMMISSION_ROLES } from '../../common/auth/roles';
import { ReviewQueueItem, ReviewQueueListQuery, ReviewQueuePage } from './review-queue.dto';
import { ReviewQueueService } from './review-queue.service';

@ApiTags('review')
@ApiBearerAuth()
@Controller({ path: 'review-queue', version: '1' })
export class ReviewQueueController {
  constructor(private readonly queue: ReviewQueueService) {}

  @Get()
  @Roles(COMMISSION_ROLES)
  @ApiOperation({
    summary: 'Cola de revisión de la Comisión: evaluaciones, planes e informes enviados, el más antiguo primero (con días de espera)',
  })
  @ApiOkResponse({ type: ReviewQueuePage })
  async list(@CurrentActor() actor: Actor, @Query() query: ReviewQueueListQuery): Promise<ReviewQueuePage> {
    const page = await this.queue.list(actor, query);
    return { ...page, items: page.items.map(({ institutionArticle: _article, ...item }): ReviewQueueItem => item) };
  }
}
