import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for broadcast audiences on a clinic's worth of patients (bench:broadcast): a person's
 * current marketing consent and latest NPS score read backwards from an index alone (the old
 * indexes lacked the id tie-break, so every person cost a sort and a table read), and completed
 * visits with their branch and service for "last visit", "came to", "had".
 */
export class Migration20261201070048_audience_indexes extends Migration {
  override name = 'Migration20261201070048_audience_indexes';

  override up(): void | Promise<void> {
    this.addSql(
      `create index "patients_consent_record_latest" on "patients_consent_record" ("patient_id", "purpose", "at", "id") include ("granted");`,
    );
    this.addSql(`drop index "patients_consent_record_patient_id_purpose_at_index";`);

    this.addSql(
      `create index "booking_appointment_completed" on "booking_appointment" ("patient_id", "starts_at") include ("branch_id", "service_id") where status = 'completed';`,
    );

    this.addSql(
      `create index "feedback_response_latest" on "feedback_response" ("patient_id", "answered_at", "id") include ("score");`,
    );
    this.addSql(`drop index "feedback_response_patient_id_answered_at_index";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "booking_appointment_completed";`);

    this.addSql(
      `create index "feedback_response_patient_id_answered_at_index" on "feedback_response" ("patient_id", "answered_at");`,
    );
    this.addSql(`drop index "feedback_response_latest";`);

    this.addSql(
      `create index "patients_consent_record_patient_id_purpose_at_index" on "patients_consent_record" ("patient_id", "purpose", "at");`,
    );
    this.addSql(`drop index "patients_consent_record_latest";`);
  }
}
