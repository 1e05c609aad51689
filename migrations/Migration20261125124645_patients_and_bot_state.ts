import { Migration } from '@mikro-orm/migrations';

export class Migration20261125124645_patients_and_bot_state extends Migration {
  override name = 'Migration20261125124645_patients_and_bot_state';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "patients_audit_entry" ("id" bigserial primary key, "actor" varchar(100) not null, "action" varchar(60) not null, "patient_id" int null, "at" timestamptz not null);`,
    );
    this.addSql(
      `create index "patients_audit_entry_patient_id_at_index" on "patients_audit_entry" ("patient_id", "at");`,
    );

    this.addSql(
      `create table "bot_state" ("key" varchar(100) not null, "value" jsonb not null, "updated_at" timestamptz not null, primary key ("key"));`,
    );

    this.addSql(
      `create table "patients_patient" ("id" serial primary key, "last_name" varchar(100) not null, "first_name" varchar(100) not null, "middle_name" varchar(100) null, "iin_cipher" text not null, "iin_hash" varchar(64) not null, "iin_last4" varchar(4) not null, "birth_date" date not null, "sex" text not null, "phone" varchar(20) null, "erased_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "patients_patient" add constraint "patients_patient_iin_hash_unique" unique ("iin_hash");`,
    );
    this.addSql(`create index "patients_patient_phone_index" on "patients_patient" ("phone");`);

    this.addSql(
      `create table "patients_family_link" ("id" serial primary key, "guardian_id" int not null, "dependant_id" int not null, "relation" text not null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "patients_family_link" add constraint "patients_family_link_guardian_id_dependant_id_unique" unique ("guardian_id", "dependant_id");`,
    );

    this.addSql(
      `create table "patients_consent_record" ("id" serial primary key, "patient_id" int not null, "purpose" text not null, "text_version" varchar(40) not null, "granted" boolean not null, "at" timestamptz not null, "channel" text not null);`,
    );
    this.addSql(
      `create index "patients_consent_record_patient_id_purpose_at_index" on "patients_consent_record" ("patient_id", "purpose", "at");`,
    );

    this.addSql(
      `create table "patients_registration_draft" ("telegram_user_id" bigserial primary key, "consent_version" varchar(40) null, "consents_accepted_at" timestamptz null, "marketing_opt_in" boolean null, "marketing_answered_at" timestamptz null, "phone" varchar(20) null, "last_name" varchar(100) null, "first_name" varchar(100) null, "middle_name" varchar(100) null, "iin_cipher" text null, "iin_hash" varchar(64) null, "iin_last4" varchar(4) null, "birth_date" date null, "sex" text null, "updated_at" timestamptz not null);`,
    );

    this.addSql(
      `create table "patients_telegram_account" ("telegram_user_id" bigserial primary key, "patient_id" int null, "language" text null, "blocked_at" timestamptz null, "registered_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "patients_telegram_account" add constraint "patients_telegram_account_patient_id_unique" unique ("patient_id");`,
    );

    this.addSql(
      `alter table "patients_patient" add constraint "patients_patient_sex_check" check ("sex" in ('male', 'female'));`,
    );

    this.addSql(
      `alter table "patients_family_link" add constraint "patients_family_link_guardian_id_foreign" foreign key ("guardian_id") references "patients_patient" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patients_family_link" add constraint "patients_family_link_dependant_id_foreign" foreign key ("dependant_id") references "patients_patient" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patients_family_link" add constraint "patients_family_link_relation_check" check ("relation" in ('child', 'parent', 'spouse', 'other'));`,
    );

    this.addSql(
      `alter table "patients_consent_record" add constraint "patients_consent_record_patient_id_foreign" foreign key ("patient_id") references "patients_patient" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patients_consent_record" add constraint "patients_consent_record_purpose_check" check ("purpose" in ('personal_data', 'medical_data', 'marketing'));`,
    );
    this.addSql(
      `alter table "patients_consent_record" add constraint "patients_consent_record_channel_check" check ("channel" in ('telegram', 'staff'));`,
    );

    this.addSql(
      `alter table "patients_registration_draft" add constraint "patients_registration_draft_sex_check" check ("sex" in ('male', 'female'));`,
    );

    this.addSql(
      `alter table "patients_telegram_account" add constraint "patients_telegram_account_patient_id_foreign" foreign key ("patient_id") references "patients_patient" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "patients_telegram_account" add constraint "patients_telegram_account_language_check" check ("language" in ('ru', 'kk'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "patients_family_link" drop constraint "patients_family_link_guardian_id_foreign";`,
    );
    this.addSql(
      `alter table "patients_family_link" drop constraint "patients_family_link_dependant_id_foreign";`,
    );
    this.addSql(
      `alter table "patients_consent_record" drop constraint "patients_consent_record_patient_id_foreign";`,
    );
    this.addSql(
      `alter table "patients_telegram_account" drop constraint "patients_telegram_account_patient_id_foreign";`,
    );

    this.addSql(`drop table if exists "patients_audit_entry" cascade;`);
    this.addSql(`drop table if exists "bot_state" cascade;`);
    this.addSql(`drop table if exists "patients_patient" cascade;`);
    this.addSql(`drop table if exists "patients_family_link" cascade;`);
    this.addSql(`drop table if exists "patients_consent_record" cascade;`);
    this.addSql(`drop table if exists "patients_registration_draft" cascade;`);
    this.addSql(`drop table if exists "patients_telegram_account" cascade;`);
  }
}
