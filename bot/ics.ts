import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';

/**
 * An iCalendar file for one visit, so the patient can put it in their phone's calendar, with a
 * reminder two hours before. ical-generator writes RFC 5545: escaping, CRLF line ends, and long
 * lines folded at 75 octets (Kazakh and Russian text takes two bytes a letter).
 */
export function visitIcs(visit: {
  id: number;
  startsAt: Date;
  endsAt: Date;
  title: string;
  location: string;
  description: string;
  stamp: Date;
}): string {
  const calendar = ical({
    prodId: { company: 'Emhana', product: 'Booking', language: 'RU' },
    method: ICalCalendarMethod.PUBLISH,
  });
  calendar.createEvent({
    id: `appointment-${visit.id}@emhana`,
    stamp: visit.stamp,
    start: visit.startsAt,
    end: visit.endsAt,
    summary: visit.title,
    location: visit.location,
    description: visit.description,
    alarms: [{ type: ICalAlarmType.display, trigger: 2 * 3600, description: visit.title }],
  });
  return calendar.toString();
}
