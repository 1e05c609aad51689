import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmhanaClient } from '../../server/client.ts';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { badFields, failure } from '../../tests/support/errors.ts';

let t: TestApp;
let admin: EmhanaClient;
let registrar: EmhanaClient;

const week = (days: number[], ...spans: [string, string][]) =>
  days.flatMap((weekday) => spans.map(([start, end]) => ({ weekday, start, end })));

const branchInput = {
  name: { ru: 'Филиал Медеу', kk: 'Медеу филиалы' },
  address: { ru: 'г. Алматы, ул. Кунаева, 10', kk: 'Алматы қ., Қонаев к-сі, 10' },
  phone: '8 727 250 00 00',
  location: { latitude: 43.25, longitude: 76.95 },
  openingHours: [
    ...Array(5).fill({ open: '08:00', close: '20:00' }),
    { open: '09:00', close: '14:00' },
    null,
  ],
};

beforeAll(async () => {
  t = await startTestApp();
  admin = t.client(await t.tokenFor('admin'));
  registrar = t.client(await t.tokenFor('registrar'));
});
afterAll(() => t.stop());

describe('clinic catalog', () => {
  it('creates each kind and reads it back, as staff and as the public bot sees it', async () => {
    const branch = await admin.clinic.branches.create.mutate(branchInput);
    expect(branch).toMatchObject({ phone: '+77272500000', timeZone: 'Asia/Almaty', active: true });
    expect(await t.client().clinic.branches.get.query({ id: branch.id })).toEqual(branch);

    const category = await admin.clinic.categories.create.mutate({
      name: { ru: 'Консультации', kk: 'Кеңестер' },
    });
    const service = await admin.clinic.services.create.mutate({
      categoryId: category.id,
      name: { ru: 'Приём терапевта', kk: 'Терапевт қабылдауы' },
      durationMinutes: 30,
      priceTiyn: 1_200_000,
      online: true,
    });
    expect(service).toMatchObject({
      priceTiyn: 1_200_000,
      online: true,
      minAgeYears: null,
      categoryId: category.id,
    });

    const doctor = await admin.clinic.doctors.create.mutate({
      fullName: 'Ахметова Айгуль Серикқызы',
      specialty: { ru: 'Терапевт', kk: 'Терапевт' },
      branchIds: [branch.id],
      services: [{ serviceId: service.id, priceOverrideTiyn: 1_500_000 }],
      slotStepMinutes: 20,
    });
    expect(doctor).toMatchObject({
      branchIds: [branch.id],
      services: [{ serviceId: service.id, priceOverrideTiyn: 1_500_000 }],
    });

    const schedule = await registrar.clinic.schedules.setWeekly.mutate({
      doctorId: doctor.id,
      branchId: branch.id,
      intervals: week([1, 3, 5], ['09:00', '13:00'], ['14:00', '18:00']),
    });
    expect(schedule.weekly).toHaveLength(6);
    expect(schedule.weekly[0]).toEqual({ branchId: branch.id, weekday: 1, start: '09:00', end: '13:00' });

    const withDayOff = await registrar.clinic.schedules.addException.mutate({
      doctorId: doctor.id,
      date: '2026-12-16',
      kind: 'day_off',
      note: 'День независимости',
    });
    expect(withDayOff.exceptions).toEqual([
      expect.objectContaining({ date: '2026-12-16', kind: 'day_off', branchId: null, start: null }),
    ]);
    const withBreak = await registrar.clinic.schedules.addException.mutate({
      doctorId: doctor.id,
      branchId: branch.id,
      date: '2026-12-18',
      kind: 'break',
      start: '11:00',
      end: '11:30',
    });
    expect(withBreak.exceptions[0]).toMatchObject({ kind: 'break', start: '11:00', end: '11:30' });

    // What the bot reads, without a token.
    const anonymous = t.client();
    expect((await anonymous.clinic.branches.list.query()).map((b) => b.id)).toContain(branch.id);
    expect(
      (await anonymous.clinic.services.ofBranch.query({ branchId: branch.id })).map((s) => s.id),
    ).toEqual([service.id]);
    expect(
      await anonymous.clinic.doctors.forService.query({ branchId: branch.id, serviceId: service.id }),
    ).toEqual([
      {
        id: doctor.id,
        fullName: doctor.fullName,
        specialty: doctor.specialty,
        priceTiyn: 1_500_000,
        slotStepMinutes: 20,
      },
    ]);

    // Deactivation hides things from patients but keeps them for staff.
    await admin.clinic.doctors.deactivate.mutate({ id: doctor.id });
    expect(
      await anonymous.clinic.doctors.forService.query({ branchId: branch.id, serviceId: service.id }),
    ).toEqual([]);
    expect(await anonymous.clinic.services.ofBranch.query({ branchId: branch.id })).toEqual([]);
    await admin.clinic.branches.deactivate.mutate({ id: branch.id });
    expect((await anonymous.clinic.branches.list.query()).map((b) => b.id)).not.toContain(branch.id);
    expect((await admin.clinic.branches.listAll.query()).find((b) => b.id === branch.id)?.active).toBe(false);
  });

  it('updates only what is given', async () => {
    const branch = await admin.clinic.branches.create.mutate(branchInput);
    const updated = await admin.clinic.branches.update.mutate({ id: branch.id, phone: '+7 (7172) 79-50-50' });
    expect(updated).toEqual({ ...branch, phone: '+77172795050' });
  });
});

describe('catalog validation', () => {
  it('requires both Russian and Kazakh names', async () => {
    expect(
      await badFields(admin.clinic.categories.create.mutate({ name: { ru: 'Лаборатория', kk: ' ' } })),
    ).toEqual(['name.kk']);
  });

  it('refuses an unknown time zone, a bad phone and impossible coordinates', async () => {
    const fields = await badFields(
      admin.clinic.branches.create.mutate({
        ...branchInput,
        timeZone: 'Asia/Atlantis',
        phone: '12345',
        location: { latitude: 95, longitude: 76.9 },
      }),
    );
    expect(fields.sort()).toEqual(['location.latitude', 'phone', 'timeZone']);
  });

  it('refuses opening hours that close before they open', async () => {
    const hours = [...branchInput.openingHours];
    hours[2] = { open: '18:00', close: '09:00' };
    expect(
      await badFields(admin.clinic.branches.create.mutate({ ...branchInput, openingHours: hours })),
    ).toEqual(['openingHours.2.close']);
  });

  it('refuses negative prices and inverted age limits', async () => {
    const category = await admin.clinic.categories.create.mutate({
      name: { ru: 'Педиатрия', kk: 'Педиатрия' },
    });
    const base = { categoryId: category.id, name: { ru: 'Педиатр', kk: 'Педиатр' }, durationMinutes: 30 };
    expect(await badFields(admin.clinic.services.create.mutate({ ...base, priceTiyn: -100 }))).toEqual([
      'priceTiyn',
    ]);
    expect(
      await badFields(
        admin.clinic.services.create.mutate({ ...base, priceTiyn: 900_000, minAgeYears: 18, maxAgeYears: 3 }),
      ),
    ).toEqual(['maxAgeYears']);
    const service = await admin.clinic.services.create.mutate({
      ...base,
      priceTiyn: 900_000,
      maxAgeYears: 17,
    });
    const seen = await failure(admin.clinic.services.update.mutate({ id: service.id, minAgeYears: 40 }));
    expect(seen.domain).toMatchObject({ module: 'clinic', code: 'invalid_age_range' });
  });

  it('refuses schedule intervals that end before they start or overlap, here or at another branch', async () => {
    const one = await admin.clinic.branches.create.mutate(branchInput);
    const two = await admin.clinic.branches.create.mutate({
      ...branchInput,
      name: { ru: 'Второй', kk: 'Екінші' },
    });
    const doctor = await admin.clinic.doctors.create.mutate({
      fullName: 'Иванов Сергей Петрович',
      specialty: { ru: 'Невролог', kk: 'Невролог' },
      branchIds: [one.id, two.id],
    });
    expect(
      await badFields(
        registrar.clinic.schedules.setWeekly.mutate({
          doctorId: doctor.id,
          branchId: one.id,
          intervals: [{ weekday: 1, start: '13:00', end: '09:00' }],
        }),
      ),
    ).toEqual(['intervals.0.end']);

    const selfOverlap = await failure(
      registrar.clinic.schedules.setWeekly.mutate({
        doctorId: doctor.id,
        branchId: one.id,
        intervals: week([2], ['09:00', '13:00'], ['12:00', '16:00']),
      }),
    );
    expect(selfOverlap).toMatchObject({
      code: 'CONFLICT',
      domain: { module: 'clinic', code: 'schedule_overlap' },
    });

    await registrar.clinic.schedules.setWeekly.mutate({
      doctorId: doctor.id,
      branchId: one.id,
      intervals: week([2], ['09:00', '13:00']),
    });
    const elsewhere = await failure(
      registrar.clinic.schedules.setWeekly.mutate({
        doctorId: doctor.id,
        branchId: two.id,
        intervals: week([2], ['12:30', '17:00']),
      }),
    );
    expect(elsewhere.domain).toMatchObject({ code: 'schedule_overlap', params: { weekday: 2 } });
    // Nothing changed by the refused call.
    const schedule = await registrar.clinic.schedules.get.query({ doctorId: doctor.id });
    expect(schedule.weekly).toEqual([{ branchId: one.id, weekday: 2, start: '09:00', end: '13:00' }]);
    // The same hours on another day at the other branch are fine.
    await registrar.clinic.schedules.setWeekly.mutate({
      doctorId: doctor.id,
      branchId: two.id,
      intervals: week([3], ['12:30', '17:00']),
    });
  });

  it('refuses a schedule at a branch the doctor does not work in, and unknown ids', async () => {
    const one = await admin.clinic.branches.create.mutate(branchInput);
    const other = await admin.clinic.branches.create.mutate(branchInput);
    const doctor = await admin.clinic.doctors.create.mutate({
      fullName: 'Сейтқали Нұрлан',
      specialty: { ru: 'ЛОР', kk: 'ЛОР' },
      branchIds: [one.id],
    });
    const seen = await failure(
      registrar.clinic.schedules.setWeekly.mutate({ doctorId: doctor.id, branchId: other.id, intervals: [] }),
    );
    expect(seen.domain).toMatchObject({ code: 'doctor_not_in_branch' });
    expect((await failure(admin.clinic.doctors.get.query({ id: 999_999 }))).domain).toMatchObject({
      code: 'doctor_not_found',
    });
    expect(
      (
        await failure(
          admin.clinic.doctors.create.mutate({
            fullName: 'Нет Филиала',
            specialty: { ru: 'А', kk: 'А' },
            branchIds: [999_999],
          }),
        )
      ).domain,
    ).toMatchObject({ code: 'branch_not_found', params: { id: 999_999 } });
  });

  it('refuses a day off with hours and changed hours without them', async () => {
    const fields = await badFields(
      registrar.clinic.schedules.addException.mutate({ doctorId: 1, date: '2026-12-20', kind: 'hours' }),
    );
    expect(fields.sort()).toEqual(['end', 'start']);
    expect(
      await badFields(
        registrar.clinic.schedules.addException.mutate({ doctorId: 1, date: '2026-02-30', kind: 'day_off' }),
      ),
    ).toEqual(['date']);
  });
});

describe('who may change the catalog', () => {
  it('asks for a token, refuses the wrong role and lets the right one through', async () => {
    const input = { name: { ru: 'Стоматология', kk: 'Стоматология' } };
    expect((await failure(t.client().clinic.categories.create.mutate(input))).code).toBe('UNAUTHORIZED');
    expect((await failure(registrar.clinic.categories.create.mutate(input))).code).toBe('FORBIDDEN');
    expect(
      (
        await failure(
          t
            .client(await t.tokenFor('marketer'))
            .clinic.schedules.setWeekly.mutate({ doctorId: 1, branchId: 1, intervals: [] }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    await expect(admin.clinic.categories.create.mutate(input)).resolves.toMatchObject({ active: true });
  });
});

describe('prepaid services', () => {
  it('are prepaid only when staff say so, through create and update, and the bot reads it', async () => {
    const category = await admin.clinic.categories.create.mutate({
      name: { ru: 'Онлайн', kk: 'Онлайн' },
    });
    const base = {
      categoryId: category.id,
      durationMinutes: 30,
      priceTiyn: 800_000,
      online: true,
    };
    const plain = await admin.clinic.services.create.mutate({
      ...base,
      name: { ru: 'Онлайн-консультация', kk: 'Онлайн кеңес' },
    });
    expect(plain.prepaid).toBe(false);
    const prepaid = await admin.clinic.services.create.mutate({
      ...base,
      name: { ru: 'Видеоконсультация', kk: 'Бейнекеңес' },
      prepaid: true,
    });
    expect(prepaid.prepaid).toBe(true);
    expect((await t.client().clinic.services.get.query({ id: prepaid.id })).prepaid).toBe(true);

    await admin.clinic.services.update.mutate({ id: plain.id, prepaid: true });
    await admin.clinic.services.update.mutate({ id: prepaid.id, prepaid: false });
    expect((await t.client().clinic.services.get.query({ id: plain.id })).prepaid).toBe(true);
    expect((await t.client().clinic.services.get.query({ id: prepaid.id })).prepaid).toBe(false);
    // Another field changed leaves the flag as it is.
    await admin.clinic.services.update.mutate({ id: plain.id, priceTiyn: 900_000 });
    expect(await t.client().clinic.services.get.query({ id: plain.id })).toMatchObject({
      prepaid: true,
      priceTiyn: 900_000,
    });
    // Only an admin changes it.
    expect(
      (await failure(registrar.clinic.services.update.mutate({ id: plain.id, prepaid: false }))).code,
    ).toBe('FORBIDDEN');
  });
});
