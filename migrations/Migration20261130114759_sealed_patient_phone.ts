import { Migration } from '@mikro-orm/migrations';

export class Migration20261130114759_sealed_patient_phone extends Migration {
  override name = 'Migration20261130114759_sealed_patient_phone';

  override up(): void | Promise<void> {
    // The clear "phone" column stays until start-up has sealed what it holds (sealLegacyPhones).
    this.addSql(`drop index "patients_patient_phone_index";`);
    this.addSql(
      `alter table "patients_patient" add "phone_cipher" text null, add "phone_hash" varchar(64) null;`,
    );
    this.addSql(`create index "patients_patient_phone_hash_index" on "patients_patient" ("phone_hash");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "patients_patient_phone_hash_index";`);
    this.addSql(`alter table "patients_patient" drop column "phone_cipher", drop column "phone_hash";`);
    this.addSql(`create index "patients_patient_phone_index" on "patients_patient" ("phone");`);
  }
}
