import { Migration } from '@mikro-orm/migrations';

export class Migration20261130203759_consent_telegram_documents extends Migration {
  override name = 'Migration20261130203759_consent_telegram_documents';

  // Existing rows keep their purposes; the new one is only allowed. Going down forgets the answers
  // to the new question (the old check would refuse them), as if it had never been asked.
  override up(): void | Promise<void> {
    this.addSql(
      `alter table "patients_consent_record" drop constraint "patients_consent_record_purpose_check";`,
    );
    this.addSql(
      `alter table "patients_consent_record" add constraint "patients_consent_record_purpose_check" check ("purpose" in ('personal_data', 'medical_data', 'marketing', 'telegram_documents'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "patients_consent_record" where "purpose" = 'telegram_documents';`);
    this.addSql(
      `alter table "patients_consent_record" drop constraint "patients_consent_record_purpose_check";`,
    );
    this.addSql(
      `alter table "patients_consent_record" add constraint "patients_consent_record_purpose_check" check ("purpose" in ('personal_data', 'medical_data', 'marketing'));`,
    );
  }
}
