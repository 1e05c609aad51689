import { Migration } from '@mikro-orm/migrations';
import { nameKey } from '../shared/person-name.ts';

/**
 * Staff search patients by name, tolerant to Kazakh and Russian spellings: a folded copy of the
 * name (see searchNameOf in the patient entity). Existing records get theirs here, folded by the
 * same function the entity uses (PostgreSQL's lower() cannot be trusted with Cyrillic under a C
 * collation).
 */
export class Migration20261130182535_patient_search_name extends Migration {
  override name = 'Migration20261130182535_patient_search_name';

  override async up(): Promise<void> {
    // Statements run in order here: execute() runs at once, addSql() only after up() returns.
    await this.execute(`alter table "patients_patient" add "search_name" varchar(320) not null default '';`);
    const rows = (await this.execute(
      `select id, last_name, first_name, middle_name from "patients_patient" order by id`,
    )) as { id: number; last_name: string; first_name: string; middle_name: string | null }[];
    for (const r of rows) {
      const key = [r.last_name, r.first_name, r.middle_name ?? ''].map(nameKey).filter(Boolean).join(' ');
      await this.execute(`update "patients_patient" set "search_name" = ? where id = ?`, [key, r.id]);
    }
  }

  override async down(): Promise<void> {
    await this.execute(`alter table "patients_patient" drop column "search_name";`);
  }
}
