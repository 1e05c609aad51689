import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import type { Language, Localized } from './localized.ts';

/**
 * An iCalendar file for one visit, so the patient can put it in their phone's calendar, with a
 * reminder two hours before. ical-generator writes RFC 5545: escaping, CRLF line ends, and long
 * lines folded at 75 octets (Kazakh and Russian text takes two bytes a letter). The UID is the
 * visit's own and SEQUENCE grows with every change, so a calendar updates the event it has
 * (a moved visit) instead of adding a second one.
 */
export function visitIcs(visit: {
  id: number;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  title: string;
  location: string;
  /** How an online visit is joined. */
  url?: string | null;
  description: string;
  stamp: Date;
}): string {
  const calendar = ical({
    prodId: { company: 'Emhana', product: 'Booking', language: 'RU' },
    method: ICalCalendarMethod.PUBLISH,
  });
  calendar.createEvent({
    id: `appointment-${visit.id}@emhana`,
    sequence: visit.sequence,
    stamp: visit.stamp,
    start: visit.startsAt,
    end: visit.endsAt,
    summary: visit.title,
    location: visit.location,
    url: visit.url ?? null,
    description: visit.description,
    alarms: [{ type: ICalAlarmType.display, trigger: 2 * 3600, description: visit.title }],
  });
  return calendar.toString();
}

/** A visit as both the bot's confirmation and the clinic's notices describe it (the API's view). */
export interface CalendarVisit {
  id: number;
  version: number;
  startsAt: Date;
  endsAt: Date;
  service: { name: Localized };
  doctor: { fullName: string };
  branch: { name: Localized; address: Localized; phone: string };
  joinUrl: string | null;
}

/**
 * The calendar file of a visit in the reader's language, the one piece both the bot (after the
 * patient books or moves) and the delivery queue (after the clinic does) send: an online visit's
 * place is its joining link, never the street.
 */
export function visitCalendarFile(
  visit: CalendarVisit,
  language: Language,
  t: (key: string, params: Record<string, string>) => string,
  stamp: Date,
): { bytes: Uint8Array; filename: string } {
  const ics = visitIcs({
    id: visit.id,
    sequence: visit.version,
    startsAt: visit.startsAt,
    endsAt: visit.endsAt,
    title: `${visit.service.name[language]} — ${visit.doctor.fullName}`,
    location: visit.joinUrl ?? `${visit.branch.name[language]}, ${visit.branch.address[language]}`,
    url: visit.joinUrl,
    description: visit.joinUrl
      ? t('bk-ics-description-online', { phone: visit.branch.phone, link: visit.joinUrl })
      : t('bk-ics-description', { phone: visit.branch.phone }),
    stamp,
  });
  return { bytes: new TextEncoder().encode(ics), filename: `emhana-${visit.id}.ics` };
}
