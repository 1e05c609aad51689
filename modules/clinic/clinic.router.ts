import { publicProcedure, router, staffProcedure } from '../../shared/trpc.ts';
import * as s from './clinic.schemas.ts';
import { createBranch, getBranch, listBranches, updateBranch } from './use-cases/manage-branches.ts';
import {
  createDoctor,
  getDoctor,
  listDoctors,
  listDoctorsForService,
  updateDoctor,
} from './use-cases/manage-doctors.ts';
import {
  addScheduleException,
  getSchedule,
  removeScheduleException,
  setWeeklySchedule,
} from './use-cases/manage-schedules.ts';
import {
  createCategory,
  createService,
  getService,
  listCategories,
  listServices,
  listServicesOfBranch,
  updateCategory,
  updateService,
} from './use-cases/manage-services.ts';

/** Catalog changes are the admin's; day-to-day schedule changes also the registrar's. */
const admin = () => staffProcedure('admin');
const scheduler = () => staffProcedure('admin', 'registrar');
const anyStaff = () => staffProcedure('admin', 'registrar', 'operator', 'doctor', 'marketer');

export const clinicRouter = router({
  branches: router({
    list: publicProcedure.query(({ ctx }) => listBranches(ctx, { includeInactive: false })),
    get: publicProcedure.input(s.idInput).query(({ ctx, input }) => getBranch(ctx, input.id)),
    listAll: anyStaff().query(({ ctx }) => listBranches(ctx, { includeInactive: true })),
    create: admin()
      .input(s.createBranchInput)
      .mutation(({ ctx, input }) => createBranch(ctx, input)),
    update: admin()
      .input(s.updateBranchInput)
      .mutation(({ ctx, input }) => updateBranch(ctx, input)),
    deactivate: admin()
      .input(s.idInput)
      .mutation(({ ctx, input }) => updateBranch(ctx, { id: input.id, active: false })),
  }),
  categories: router({
    list: publicProcedure.query(({ ctx }) => listCategories(ctx, { includeInactive: false })),
    listAll: anyStaff().query(({ ctx }) => listCategories(ctx, { includeInactive: true })),
    create: admin()
      .input(s.createCategoryInput)
      .mutation(({ ctx, input }) => createCategory(ctx, input)),
    update: admin()
      .input(s.updateCategoryInput)
      .mutation(({ ctx, input }) => updateCategory(ctx, input)),
    deactivate: admin()
      .input(s.idInput)
      .mutation(({ ctx, input }) => updateCategory(ctx, { id: input.id, active: false })),
  }),
  services: router({
    ofBranch: publicProcedure
      .input(s.branchServicesInput)
      .query(({ ctx, input }) => listServicesOfBranch(ctx, input.branchId)),
    get: publicProcedure.input(s.idInput).query(({ ctx, input }) => getService(ctx, input.id)),
    listAll: anyStaff().query(({ ctx }) => listServices(ctx, { includeInactive: true })),
    create: admin()
      .input(s.createServiceInput)
      .mutation(({ ctx, input }) => createService(ctx, input)),
    update: admin()
      .input(s.updateServiceInput)
      .mutation(({ ctx, input }) => updateService(ctx, input)),
    deactivate: admin()
      .input(s.idInput)
      .mutation(({ ctx, input }) => updateService(ctx, { id: input.id, active: false })),
  }),
  doctors: router({
    forService: publicProcedure
      .input(s.doctorsForServiceInput)
      .query(({ ctx, input }) => listDoctorsForService(ctx, input)),
    get: anyStaff()
      .input(s.idInput)
      .query(({ ctx, input }) => getDoctor(ctx, input.id)),
    listAll: anyStaff().query(({ ctx }) => listDoctors(ctx, { includeInactive: true })),
    create: admin()
      .input(s.createDoctorInput)
      .mutation(({ ctx, input }) => createDoctor(ctx, input)),
    update: admin()
      .input(s.updateDoctorInput)
      .mutation(({ ctx, input }) => updateDoctor(ctx, input)),
    deactivate: admin()
      .input(s.idInput)
      .mutation(({ ctx, input }) => updateDoctor(ctx, { id: input.id, active: false })),
  }),
  schedules: router({
    get: anyStaff()
      .input(s.scheduleQueryInput)
      .query(({ ctx, input }) => getSchedule(ctx, input)),
    setWeekly: scheduler()
      .input(s.setWeeklyScheduleInput)
      .mutation(({ ctx, input }) => setWeeklySchedule(ctx, input)),
    addException: scheduler()
      .input(s.addExceptionInput)
      .mutation(({ ctx, input }) => addScheduleException(ctx, input)),
    removeException: scheduler()
      .input(s.idInput)
      .mutation(({ ctx, input }) => removeScheduleException(ctx, input.id)),
  }),
});
