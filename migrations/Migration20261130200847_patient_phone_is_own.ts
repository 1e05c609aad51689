import { Migration } from '@mikro-orm/migrations';

export class Migration20261130200847_patient_phone_is_own extends Migration {
  override name = 'Migration20261130200847_patient_phone_is_own';

  // Records so far hold the patient's own phone (from the bot, or imported as such): true for all.
  override up(): void | Promise<void> {
    this.addSql(`alter table "patients_patient" add "phone_is_own" boolean not null default true;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "patients_patient" drop column "phone_is_own";`);
  }
}
