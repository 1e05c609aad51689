import { Migration } from '@mikro-orm/migrations';
import { searchNameOf } from '../shared/person-name.ts';

/** Rows read and rewritten per statement: 1,000 parameters a statement, a few hundred KB in memory. */
const BATCH = 500;

/**
 * Staff search by name now folds Latin spellings too (Nurlan Abenov = Нурлан Абенов, Zhanar =
 * Janar = Жанар) and splits double names into words (Абенова-Сейткали): search_name becomes the
 * skeleton of shared/person-name.ts (searchNameOf), with a full-text index for its word prefixes
 * and a trigram index for near spellings. Existing records are
 * recomputed by that same function (PostgreSQL cannot fold Cyrillic under a C collation, and a
 * copy of the table in SQL would drift from it), a batch at a time: one select and one
 * set-based update per 500 patients, walking the ids, so 100,000 patients take 400 statements,
 * not 100,000.
 */
export class Migration20261130201132_patient_search_skeleton extends Migration {
  override name = 'Migration20261130201132_patient_search_skeleton';

  override async up(): Promise<void> {
    // Statements run in order here: execute() runs at once, addSql() only after up() returns.
    await this.execute(`create extension if not exists pg_trgm;`);
    await this.execute(
      `alter table "patients_patient" alter column "search_name" type text using ("search_name"::text);`,
    );
    let after = 0;
    for (;;) {
      const rows = (await this.execute(
        `select id, last_name, first_name, middle_name from "patients_patient" where id > ? order by id limit ?`,
        [after, BATCH],
      )) as { id: number; last_name: string; first_name: string; middle_name: string | null }[];
      if (rows.length === 0) break;
      const values = rows.map(() => '(?::int, ?::text)').join(', ');
      const params = rows.flatMap((r) => [r.id, searchNameOf([r.last_name, r.first_name, r.middle_name])]);
      await this.execute(
        `update "patients_patient" as p set "search_name" = v.key from (values ${values}) as v(id, key) where p.id = v.id`,
        params,
      );
      after = rows.at(-1)!.id;
    }
    // Built after the rewrite: one index build instead of an index update per row.
    await this.execute(
      `create index "patients_patient_search_name_words" on "patients_patient" using gin (to_tsvector('simple', "search_name"));`,
    );
    await this.execute(
      `create index "patients_patient_search_name_trgm" on "patients_patient" using gin ("search_name" gin_trgm_ops);`,
    );
  }

  override async down(): Promise<void> {
    // The older folding is not restored: its search still runs on this text (less tolerant) until
    // each record's next update.
    await this.execute(`drop index "patients_patient_search_name_words";`);
    await this.execute(`drop index "patients_patient_search_name_trgm";`);
    await this.execute(
      `alter table "patients_patient" alter column "search_name" type varchar(320) using (left("search_name", 320)::varchar(320));`,
    );
  }
}
