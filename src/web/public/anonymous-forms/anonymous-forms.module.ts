import { Module } from '@nestjs/common';
import { AnonymousForms } from './anonymous-forms.service';

/** The protections of the public site's forms without an account (ADR 0011). */
@Module({ providers: [AnonymousForms], exports: [AnonymousForms] })
export class AnonymousFormsModule {}
