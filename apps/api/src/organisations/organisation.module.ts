import { Module } from '@nestjs/common';
import { OrganisationImportService } from './organisation-import.service';
import { OrganisationController } from './organisation.controller';
import { OrganisationService } from './organisation.service';

/** The organisation tree (RULES.md §1): scoped reads and the CSV import. OrgScope comes from the global AuthModule. */
@Module({ controllers: [OrganisationController], providers: [OrganisationService, OrganisationImportService] })
export class OrganisationModule {}
