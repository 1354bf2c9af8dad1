import { InstitutionsModule } from '../../../modules/institutions/institutions.module';
import { LegalDeadlinesModule } from '../../../modules/inventory/deadlines/legal-deadlines.module';
import { NotificationsModule } from '../../../modules/notifications/notifications.module';
import { PartnerApiKeysModule } from '../../../modules/partner-api-keys/partner-api-keys.module';
import { UsersModule } from '../../../modules/users/users.module';
import { WebhooksModule } from '../../../modules/webhooks/webhooks.module';
import { MaturityModule } from '../../../modules/inventory/maturity/maturity.module';
import { ScoringModule } from '../../../modules/scoring/scoring.module';
import { ConfigIndexController } from './config-index.controller';
import { MaturityModelsPagesController } from './maturity-models-pages.controller';
import { MethodologiesPagesController } from './methodologies-pages.controller';
import { InstitutionsPagesController } from './institutions-pages.controller';
import { LegalDeadlinesPagesController } from './legal-deadlines-pages.controller';
import { PartnerKeysPagesController } from './partner-keys.controller';
import { ReminderRulesPagesController } from './reminder-rules-pages.controller';
import { UsersPagesController } from './users-pages.controller';
import { WebhooksPagesController } from './webhooks-pages.controller';

/** The configuration pages (Commission administrators) and the modules whose services they call. */
export const CONFIG_CONTROLLERS = [
  ConfigIndexController,
  MaturityModelsPagesController,
  MethodologiesPagesController,
  ReminderRulesPagesController,
  LegalDeadlinesPagesController,
  InstitutionsPagesController,
  UsersPagesController,
  PartnerKeysPagesController,
  WebhooksPagesController,
];
export const CONFIG_IMPORTS = [
  PartnerApiKeysModule,
  WebhooksModule,
  LegalDeadlinesModule,
  InstitutionsModule,
  UsersModule,
  NotificationsModule,
  MaturityModule,
  ScoringModule,
];
