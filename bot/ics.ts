/** An iCalendar file for one visit, so the patient can put it in their phone's calendar. */
export function visitIcs(visit: {
  id: number;
  startsAt: Date;
  endsAt: Date;
  title: string;
  location: string;
  description: string;
  stamp: Date;
}): string {
  const utc = (d: Date) => `${d.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  // RFC 5545: escape backslashes, commas, semicolons and newlines in text values.
  const text = (s: string) =>
    s
      .replace(/\\/g, '\\\\')
      .replace(/([,;])/g, '\\$1')
      .replace(/\n/g, '\\n');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Emhana//Booking//RU',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:appointment-${visit.id}@emhana`,
    `DTSTAMP:${utc(visit.stamp)}`,
    `DTSTART:${utc(visit.startsAt)}`,
    `DTEND:${utc(visit.endsAt)}`,
    `SUMMARY:${text(visit.title)}`,
    `LOCATION:${text(visit.location)}`,
    `DESCRIPTION:${text(visit.description)}`,
    'BEGIN:VALARM',
    'TRIGGER:-PT2H',
    'ACTION:DISPLAY',
    `DESCRIPTION:${text(visit.title)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
