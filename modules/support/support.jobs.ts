import type { BackgroundDeps } from '../../shared/module.ts';
import { queueNotice } from '../notifications/index.ts';
import { patientBriefs } from '../patients/index.ts';

/**
 * Every minute: open tickets that have waited for their first answer longer than the limit
 * (SUPPORT_FIRST_RESPONSE_MINUTES, counted from the patient's last message) are announced to the
 * staff group once per wait: the ticket's number and the patient's name, never the IIN or the text.
 */
export async function dispatchSupport(deps: BackgroundDeps): Promise<void> {
  const em = deps.em();
  const now = deps.clock.now();
  const limit = deps.settings.support.firstResponseMinutes;
  const overdue = (await em.execute(
    `update support_ticket set overdue_alerted_at = ?
      where id in (select id from support_ticket
                    where status = 'open' and overdue_alerted_at is null
                      and last_patient_at <= ?::timestamptz - make_interval(mins => ?)
                    order by last_patient_at limit 200 for update skip locked)
      returning id, patient_id, last_patient_at`,
    [now, now, limit],
  )) as { id: number; patient_id: number; last_patient_at: Date }[];
  if (overdue.length === 0) return;
  const briefs = await patientBriefs(
    em,
    overdue.map((t) => t.patient_id),
  );
  for (const ticket of overdue) {
    const brief = briefs.get(ticket.patient_id);
    await queueNotice(
      { ...deps, em },
      {
        purpose: 'support.overdue',
        target: `ticket:${ticket.id}@${now.getTime()}`,
        to: { staffChat: true },
        template: 'staff-ticket-overdue',
        params: {
          number: ticket.id,
          patient: brief ? `${brief.firstName} ${brief.lastName}` : '—',
          minutes: Math.floor((now.getTime() - new Date(ticket.last_patient_at).getTime()) / 60_000),
        },
        priority: 'urgent',
        timeZone: deps.settings.support.hours.timeZone,
        subject: { kind: 'ticket', id: ticket.id },
      },
    );
  }
  deps.log.info({ tickets: overdue.length }, 'tickets past the first-response limit');
}
