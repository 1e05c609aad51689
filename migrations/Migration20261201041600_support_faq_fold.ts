import { Migration } from '@mikro-orm/migrations';

// After lower(): Kazakh letters and the Russian look-alikes people type instead (on a Russian
// keyboard, or in a hurry), ё and й as е and и; then ъ and ь, which people drop, are dropped.
const FROM = 'ёйәғқңөұүһіъь';
const TO = 'еиагкноуухи';

/**
 * support_fold(text): the text as the FAQ search compares it — lower case, Kazakh letters as their
 * Russian look-alikes (анықтама = аныктама, тілді = тилди), ё = е, й = и, without ъ and ь
 * (записаться = записатся). Applied to both sides, so a patient who types without Kazakh letters
 * finds the Kazakh answer. lower() folds Cyrillic under the database's C.UTF-8 (or any UTF-8)
 * locale, which pg_trgm needs anyway to see Cyrillic letters as letters. Immutable, so it can back
 * a stored column or an index if the FAQ ever grows enough to need one.
 */
export class Migration20261201041600_support_faq_fold extends Migration {
  override name = 'Migration20261201041600_support_faq_fold';

  override up(): void | Promise<void> {
    this.addSql(
      `create or replace function support_fold(text) returns text language sql immutable strict parallel safe ` +
        `as $$ select translate(lower($1), '${FROM}', '${TO}') $$;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function if exists support_fold(text);`);
  }
}
