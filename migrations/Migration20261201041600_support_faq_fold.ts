import { Migration } from '@mikro-orm/migrations';

// Upper-case Russian letters (Ё, Й, Ъ, Ь are below), in case lower() cannot fold Cyrillic (a
// database created with the C collation), and their lower-case forms.
const UPPER = 'АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЫЭЮЯ';
const LOWER = 'абвгдежзиклмнопрстуфхцчшщыэюя';
// Kazakh letters and the Russian look-alikes people type instead (on a Russian keyboard, or in a
// hurry), ё and й as е and и; then ъ and ь, which people drop, are dropped.
const KAZAKH = 'ЁЙӘҒҚҢӨҰҮҺІёйәғқңөұүһі';
const PLAIN = 'еиагкноуухиеиагкноуухи';
const DROPPED = 'ЪЬъь';

/**
 * support_fold(text): the text as the FAQ search compares it — lower case, Kazakh letters as their
 * Russian look-alikes (анықтама = аныктама, тілді = тилди), ё = е, й = и, without ъ and ь
 * (записаться = записатся). Applied to both sides, so a patient who types without Kazakh letters
 * finds the Kazakh answer. Immutable, so it can back an index if the FAQ ever needs one.
 */
export class Migration20261201041600_support_faq_fold extends Migration {
  override name = 'Migration20261201041600_support_faq_fold';

  override up(): void | Promise<void> {
    this.addSql(
      `create or replace function support_fold(text) returns text language sql immutable strict parallel safe ` +
        `as $$ select translate(lower($1), '${UPPER}${KAZAKH}${DROPPED}', '${LOWER}${PLAIN}') $$;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function if exists support_fold(text);`);
  }
}
