import { Migration } from '@mikro-orm/migrations';

// Kazakh endings as support_fold writes them (no Kazakh letters: -ға/-ге/-қа/-ке are га/ге/ка/ке,
// -ның/-нің are нын/нин), longest first within each group.
// Case endings: ablative, locative, genitive, dative, accusative.
const CASE = [
  ...['нан', 'нен', 'дан', 'ден', 'тан', 'тен', 'нда', 'нде', 'да', 'де', 'та', 'те'],
  ...[
    'нын',
    'нин',
    'дын',
    'дин',
    'тын',
    'тин',
    'нга',
    'нге',
    'га',
    'ге',
    'ка',
    'ке',
    'ны',
    'ни',
    'ды',
    'ди',
    'ты',
    'ти',
  ],
];
// Verb endings that come off a three-letter root too: жаз-у, жаз-уға, жаз-ғым ("I want to write").
const VERB = ['уга', 'уге', 'гым', 'гим', 'кым', 'ким', 'у'];
// Everything else a word may end in: possessives (-ымыз, -ыңыз, -ым, -ы, -сы), plural (-лар),
// instrumental (-мен), and the verb endings patients type (infinitive -у and -уға, -дым "I did",
// -мын/-ам "I do", -ған, -ғым "I want to", -атын, -ады, negative -май, converb -ып).
const ANY = [
  ...['ымыз', 'имиз', 'ыныз', 'иниз', 'амын', 'емин', 'атын', 'етин', 'мен', 'бен', 'пен'],
  ...['лар', 'лер', 'дар', 'дер', 'тар', 'тер', 'ныз', 'низ', 'мыз', 'миз', 'дым', 'дим', 'тым', 'тим'],
  ...['мын', 'мин', 'ган', 'ген', 'кан', 'кен', 'ады', 'еди', 'маи', 'меи'],
  ...CASE,
  ...['ым', 'им', 'ын', 'ин', 'сы', 'си', 'ам', 'ем', 'ып', 'ип', 'ы', 'и', 'м', 'н'],
];
// One ending off the end, the longest that leaves at least `stem` letters (the stem is matched
// lazily, so the longest ending wins).
const strip = (word: string, endings: string[], stem: number) =>
  `regexp_replace(${word}, '^(.{${stem},}?)(${endings.join('|')})$', '\\1')`;

/**
 * support_stem(word): a folded word (support_fold) without its Kazakh endings, so that the forms
 * patients type meet the forms the FAQ is written in: дәрігер, дәрігерге, дәрігерлерге →
 * даригер; жазылу, жазылуға, жазылдым, жазылам → жазыл; төлем, төлемді, төлеуге → толе;
 * узиге → узи; справканы → справ. Light on purpose (a few passes of known endings, no
 * dictionary): a case ending comes off a stem of three letters (узи-ге, тил-ди), other endings
 * only off four or more, then last an infinitive or "want to" off three (жаз-уға, жаз-ғым); at
 * most five endings in all, so short roots survive (кан, бала, балык stay apart). It also trims Russian words (документы → доку, приём → прие); the same
 * trimming on both sides keeps them equal, and the search compares stems only as a second chance
 * beside the whole words. Immutable, like support_fold.
 */
export class Migration20261201121000_support_faq_stem extends Migration {
  override name = 'Migration20261201121000_support_faq_stem';

  override up(): void | Promise<void> {
    const body = strip(strip(strip(strip(strip('$1', CASE, 3), ANY, 4), ANY, 4), ANY, 4), VERB, 3);
    this.addSql(
      `create or replace function support_stem(text) returns text language sql immutable strict parallel safe ` +
        `as $$ select ${body} $$;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function if exists support_stem(text);`);
  }
}
