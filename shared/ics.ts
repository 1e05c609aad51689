import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Language, Localized } from './localized.ts';
import { utcToZoned } from './zoned-time.ts';

/** How long before the visit the calendar reminds: the way to the branch, or a link to open. */
const ALARM_BEFORE_SECONDS = { clinic: 2 * 3600, online: 15 * 60 } as const;

/**
 * An iCalendar file for one visit, so the patient can put it in their phone's calendar, with a
 * reminder before it (two hours for the way to the branch, a quarter of an hour for a link).
 * ical-generator writes RFC 5545: escaping, CRLF line ends, and long lines folded at 75 octets
 * (Kazakh and Russian text takes two bytes a letter). The UID is the visit's own and SEQUENCE
 * grows with every change, so a calendar updates the event it has (a moved visit) instead of
 * adding a second one, and a cancelled visit's file (METHOD:CANCEL, STATUS:CANCELLED, no alarm)
 * takes it out.
 */
export function visitIcs(visit: {
  id: number;
  sequence: number;
  cancelled: boolean;
  language: Language;
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
    // The language of the file's words (RFC 5545 PRODID), the reader's.
    prodId: { company: 'Emhana', product: 'Booking', language: visit.language.toUpperCase() },
    method: visit.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  const before = visit.url ? ALARM_BEFORE_SECONDS.online : ALARM_BEFORE_SECONDS.clinic;
  calendar.createEvent({
    id: `appointment-${visit.id}@emhana`,
    sequence: visit.sequence,
    status: visit.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    stamp: visit.stamp,
    start: visit.startsAt,
    end: visit.endsAt,
    summary: visit.title,
    location: visit.location,
    url: visit.url ?? null,
    description: visit.description,
    alarms: visit.cancelled
      ? []
      : [{ type: ICalAlarmType.display, trigger: before, description: visit.title }],
  });
  return calendar.toString();
}

/** A visit as both the bot's confirmation and the clinic's notices describe it (the API's view). */
export interface CalendarVisit {
  id: number;
  /** Grows with every change of the visit (its cancellation too): the file's SEQUENCE. */
  version: number;
  status: string;
  startsAt: Date;
  endsAt: Date;
  service: { name: Localized };
  doctor: { fullName: string };
  branch: { name: Localized; address: Localized; phone: string; timeZone: string };
  joinUrl: string | null;
}

/**
 * The calendar file of a visit in the reader's language, the one piece both the bot (after the
 * patient books, moves or cancels) and the delivery queue (after the clinic does) send: an online
 * visit's place is its joining link, never the street. A cancelled visit's file cancels the event
 * the earlier files made (same UID, its version is higher than theirs). Its name says what it is
 * and for which day, in the reader's language (the patient sees it in the chat).
 */
export function visitCalendarFile(
  visit: CalendarVisit,
  language: Language,
  t: (key: string, params: Record<string, string>) => string,
  stamp: Date,
): { bytes: Uint8Array; filename: string } {
  const cancelled = visit.status === 'cancelled';
  const ics = visitIcs({
    id: visit.id,
    sequence: visit.version,
    cancelled,
    language,
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
  const date = utcToZoned(visit.startsAt.getTime(), visit.branch.timeZone).date;
  const name = t(cancelled ? 'bk-ics-filename-cancelled' : 'bk-ics-filename', {
    date: date.split('-').reverse().join('.'),
  });
  return { bytes: new TextEncoder().encode(ics), filename: `${name}.ics` };
}
