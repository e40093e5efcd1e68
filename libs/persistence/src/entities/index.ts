import { CalendarYearEntity } from './calendar-year.entity';
import { CaseDeadlineEntity } from './case-deadline.entity';
import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { OrganisationEntity } from './organisation.entity';
import { UserEntity } from './user.entity';

export { CalendarYearEntity, CaseDeadlineEntity, CaseEventEntity, CaseEntity, OrganisationEntity, UserEntity };
export const ENTITIES = [OrganisationEntity, CaseEntity, CaseEventEntity, CaseDeadlineEntity, CalendarYearEntity, UserEntity];
