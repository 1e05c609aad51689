/** The clinic catalog: branches, services, doctors and their schedules. */
import { defineModule } from '../../shared/module.ts';
import { clinicErrors } from './clinic.errors.ts';
import { clinicRouter } from './clinic.router.ts';
import { clinicEnv, clinicEnvDefaults, loadDemoClinic } from './clinic.startup.ts';
import { Branch } from './entities/branch.entity.ts';
import { Doctor, DoctorService } from './entities/doctor.entity.ts';
import { ScheduleException, ScheduleInterval } from './entities/schedule.entity.ts';
import { Service, ServiceCategory } from './entities/service.entity.ts';

export type {
  BranchView,
  DoctorOfferView,
  DoctorView,
  ServiceView,
} from './clinic.views.ts';
export { seedDemoClinic, upgradeDemoCategories } from './demo/seed-demo-clinic.ts';
export {
  type BookableService,
  branchOrMain,
  branchTimeZone,
  branchTimeZones,
  type CatalogViews,
  catalogViews,
  clinicPhone,
  type DoctorBrief,
  doctorPrice,
  isActiveService,
  type ServiceBrief,
  type ServiceKind,
  serviceForBooking,
  serviceKinds,
  servicesOfCategories,
} from './use-cases/catalog-lookup.ts';
/** What a patient can book at a branch (booking narrows it to one person). */
export { listServicesOfBranch } from './use-cases/manage-services.ts';
export { type DoctorHours, workingHours } from './use-cases/working-hours.ts';

export const clinicModule = defineModule({
  name: 'clinic',
  entities: [Branch, ServiceCategory, Service, Doctor, DoctorService, ScheduleInterval, ScheduleException],
  routers: { clinic: clinicRouter },
  errors: clinicErrors,
  env: clinicEnv,
  envDefaults: clinicEnvDefaults,
  startup: loadDemoClinic,
});
