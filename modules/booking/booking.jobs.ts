import type { EntityManager } from '@mikro-orm/postgresql';
import { BUTTONS } from '../../shared/buttons.ts';
import type { Clock } from '../../shared/clock.ts';
import type { JobQueue } from '../../shared/jobs.ts';
import type { Logger } from '../../shared/log.ts';
import {
  type DeliveryGuard,
  type DeliveryGuardSpec,
  type Notice,
  type NotificationSettings,
  queueNotice,
} from '../notifications/index.ts';
import { visitParams } from './booking.notices.ts';
import { type DueReminder, isSendable, remindersFor } from './booking.reminders.ts';
import type { BookingSettings } from './booking.settings.ts';
import { type AppointmentView, appointmentView, visitDetails } from './booking.views.ts';
import { Appointment, UPCOMING } from './entities/appointment.entity.ts';

export interface DispatchDeps {
  em: () => EntityManager;
  clock: Clock;
  jobs: JobQueue;
  settings: { booking: BookingSettings; notifications: NotificationSettings };
  log: Logger;
}

const HOUR = 3_600_000;

function reminderNotice(a: AppointmentView, r: DueReminder, settings: BookingSettings): Notice {
  const ref = { appointmentId: a.id, version: a.version };
  const changeable = r.dueAt <= a.startsAt.getTime() - settings.changeCutoffMinutes * 60_000;
  const buttons =
    r.kind === 'arrival'
      ? [
          [{ label: 'btn-im-here', data: BUTTONS.arrival.data({ answer: 'here', ...ref }) }],
          [{ label: 'btn-running-late', data: BUTTONS.arrival.data({ answer: 'late', ...ref }) }],
          [{ label: 'btn-cannot-come', data: BUTTONS.arrival.data({ answer: 'no', ...ref }) }],
        ]
      : [
          ...(a.status === 'booked' ? [[{ label: 'btn-im-coming', data: BUTTONS.imComing.data(ref) }]] : []),
          ...(changeable
            ? [
                [
                  { label: 'ap-reschedule', data: BUTTONS.reschedule.data(ref) },
                  { label: 'ap-cancel', data: BUTTONS.cancelVisit.data(ref) },
                ],
              ]
            : []),
        ];
  return {
    purpose: `reminder.${r.kind}`,
    // The visit's time is part of the key: a moved visit gets its own reminders, and the old
    // ones (if still queued) fail their guard and are skipped.
    target: `appointment:${a.id}@${a.startsAt.getTime()}`,
    to: { patientId: a.patient.id },
    template: `reminder-${r.kind}`,
    params: visitParams(a),
    buttons,
    priority: r.urgent ? 'urgent' : 'care',
    timeZone: a.branch.timeZone,
    subject: { kind: 'appointment', id: a.id },
    guard: {
      kind: 'appointment',
      appointmentId: a.id,
      startsAt: a.startsAt.toISOString(),
      statuses: [...UPCOMING],
    },
  };
}

/**
 * Runs every minute (and at once when the sandbox moves the clock): queues every reminder that is
 * due now by the app clock. Unique keys make running it twice, or after a crash, harmless.
 */
export async function dispatchReminders(deps: DispatchDeps): Promise<number> {
  const now = deps.clock.now().getTime();
  const em = deps.em();
  const visits = await em.find(
    Appointment,
    {
      status: { $in: [...UPCOMING] },
      startsAt: { $gt: new Date(now - 4 * HOUR), $lt: new Date(now + 2 * 24 * HOUR) },
    },
    { orderBy: { startsAt: 'asc' } },
  );
  // The names for every visit's message, asked of clinic and patients once for all of them.
  const details = await visitDetails(em, visits);
  const quiet = {
    start: deps.settings.notifications.quietStartMinute,
    end: deps.settings.notifications.quietEndMinute,
  };
  let queued = 0;
  for (const a of visits) {
    const view = appointmentView(a, details);
    const visit = {
      startsAt: a.startsAt.getTime(),
      endsAt: a.endsAt.getTime(),
      scheduledAt: a.scheduledAt.getTime(),
    };
    const due = remindersFor(
      { ...visit, timeZone: view.branch.timeZone },
      deps.settings.booking.reminders,
      quiet,
    )
      // "Are you at the clinic?" means nothing for a visit held by video.
      .filter((r) => !(r.kind === 'arrival' && view.joinUrl))
      .filter((r) => isSendable(r, now, visit));
    for (const r of due) {
      const notice = reminderNotice(view, r, deps.settings.booking);
      if (await em.transactional((tx) => queueNotice({ ...deps, em: tx }, notice))) queued += 1;
    }
  }
  if (queued) deps.log.info({ queued }, 'reminders queued');
  return queued;
}

/** A reminder about a visit goes out only while the visit is still at that time and open. */
export const appointmentGuard: DeliveryGuard = async (em, spec: DeliveryGuardSpec) => {
  const a = await em.findOne(Appointment, spec.appointmentId as number);
  if (!a) return false;
  const statuses = (spec.statuses as string[] | undefined) ?? [...UPCOMING];
  return statuses.includes(a.status) && (!spec.startsAt || a.startsAt.toISOString() === spec.startsAt);
};
