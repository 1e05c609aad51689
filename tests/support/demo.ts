import { seedDemoClinic } from '../../modules/clinic/index.ts';
import type { TestApp } from './app.ts';

/**
 * Loads the demo clinic and picks the Almaty branch's first therapist for the in-person
 * consultation: a realistic schedule for booking, reminder and delivery tests.
 */
export async function demoTherapy(
  t: TestApp,
): Promise<{ branchId: number; serviceId: number; doctorId: number }> {
  await seedDemoClinic({ em: t.app.orm.em.fork() });
  const branches = await t.client().clinic.branches.list.query();
  const branchId = branches[0]!.id;
  const services = await t.client().clinic.services.ofBranch.query({ branchId });
  const consult = services.find((s) => s.name.ru === 'Первичный приём терапевта')!;
  const doctors = await t.client().clinic.doctors.forService.query({ branchId, serviceId: consult.id });
  return { branchId, serviceId: consult.id, doctorId: doctors[0]!.id };
}

/** A free slot of a choice (branch, service, doctor) at least `days` days after the app's now (the n-th one). */
export async function slotAfter(
  t: TestApp,
  choice: { branchId: number; serviceId: number; doctorId: number },
  days: number,
  n = 0,
) {
  const from = new Date(t.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(t.clock.now().getTime() + (days + 10) * 86_400_000).toISOString().slice(0, 10);
  const { days: free } = await t.client().booking.availability.query({ ...choice, from, to });
  return free.flatMap((d) => d.slots)[n]!;
}
