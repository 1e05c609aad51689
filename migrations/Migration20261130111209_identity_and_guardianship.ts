import { Migration } from '@mikro-orm/migrations';

export class Migration20261130111209_identity_and_guardianship extends Migration {
  override name = 'Migration20261130111209_identity_and_guardianship';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "patients_identity_check" ("id" serial primary key, "telegram_user_id" bigint not null, "reference" varchar(6) not null, "status" text not null default 'pending', "requested_at" timestamptz not null, "decided_at" timestamptz null, "decided_by" varchar(100) null, "reason" varchar(300) null);`,
    );
    this.addSql(
      `create index "patients_identity_check_status_requested_at_index" on "patients_identity_check" ("status", "requested_at");`,
    );
    this.addSql(
      `create index "patients_identity_check_telegram_user_id_status_index" on "patients_identity_check" ("telegram_user_id", "status");`,
    );

    this.addSql(
      `create table "patients_family_request" ("id" serial primary key, "requester_id" int not null, "dependant_id" int null, "iin_cipher" text not null, "iin_hash" varchar(64) not null, "iin_last4" varchar(4) not null, "birth_date" date not null, "sex" text not null, "last_name" varchar(100) not null, "first_name" varchar(100) not null, "middle_name" varchar(100) null, "relation" text not null, "approver" text not null, "names_match" boolean not null, "status" text not null default 'pending', "created_at" timestamptz not null, "decided_at" timestamptz null, "decided_by" varchar(100) null);`,
    );
    this.addSql(
      `create index "patients_family_request_status_created_at_index" on "patients_family_request" ("status", "created_at");`,
    );
    this.addSql(
      `create index "patients_family_request_requester_id_status_index" on "patients_family_request" ("requester_id", "status");`,
    );

    this.addSql(
      `create table "patients_sms_code" ("id" serial primary key, "telegram_user_id" bigint not null, "subject_hash" varchar(64) not null, "phone_cipher" text null, "code_hash" varchar(64) not null, "code_cipher" text null, "language" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "attempts" int not null default 0, "used_at" timestamptz null, "sent_at" timestamptz null, "failed_at" timestamptz null, "error" varchar(300) null);`,
    );
    this.addSql(
      `create index "patients_sms_code_telegram_user_id_created_at_index" on "patients_sms_code" ("telegram_user_id", "created_at");`,
    );
    this.addSql(
      `create index "patients_sms_code_subject_hash_created_at_index" on "patients_sms_code" ("subject_hash", "created_at");`,
    );

    this.addSql(
      `alter table "notifications_delivery" drop constraint "notifications_delivery_recipient_check";`,
    );
    this.addSql(
      `alter table "notifications_delivery" drop constraint "notifications_delivery_status_check";`,
    );
    this.addSql(`alter table "notifications_delivery" add "on_behalf_of" varchar(200) null;`);
    this.addSql(
      `alter table "notifications_delivery" add constraint "notifications_delivery_recipient_check" check ("recipient" in ('patient', 'account', 'staff_chat'));`,
    );
    this.addSql(
      `alter table "notifications_delivery" add constraint "notifications_delivery_status_check" check ("status" in ('queued', 'sending', 'sent', 'failed', 'skipped', 'expanded'));`,
    );

    this.addSql(
      `alter table "patients_family_link" add "status" text not null default 'active', add "until_adult" boolean not null default false, add "granted_by" varchar(100) not null default 'creator', add "ended_at" timestamptz null, add "ended_reason" text null;`,
    );
    this.addSql(
      `create index "patients_family_link_dependant_id_status_index" on "patients_family_link" ("dependant_id", "status");`,
    );
    // Nobody keeps managing a person who has their own account: they may give access back.
    this.addSql(
      `update "patients_family_link" l set "status" = 'ended', "ended_at" = now(), "ended_reason" = 'dependant_registered' from "patients_telegram_account" a where a."patient_id" = l."dependant_id";`,
    );
    // Links given before for a child end when that child comes of age, like new ones.
    this.addSql(
      `update "patients_family_link" l set "until_adult" = true from "patients_patient" p where p."id" = l."dependant_id" and p."birth_date" > (now() - interval '18 years')::date;`,
    );
    this.addSql(
      `alter table "patients_family_link" add constraint "patients_family_link_status_check" check ("status" in ('active', 'ended'));`,
    );
    this.addSql(
      `alter table "patients_family_link" add constraint "patients_family_link_ended_reason_check" check ("ended_reason" in ('dependant_registered', 'came_of_age', 'ended_by_dependant', 'ended_by_staff'));`,
    );

    // Phones in clear go: an unfinished registration asks its phone again (and keeps it encrypted).
    this.addSql(`alter table "patients_registration_draft" drop column "phone";`);
    this.addSql(
      `alter table "patients_registration_draft" add "phone_cipher" text null, add "phone_verified" boolean not null default false, add "proof_requested_at" timestamptz null;`,
    );
    this.addSql(
      `create index "patients_registration_draft_updated_at_index" on "patients_registration_draft" ("updated_at");`,
    );

    this.addSql(
      `alter table "patients_identity_check" add constraint "patients_identity_check_status_check" check ("status" in ('pending', 'approved', 'rejected', 'cancelled'));`,
    );

    this.addSql(
      `alter table "patients_family_request" add constraint "patients_family_request_requester_id_foreign" foreign key ("requester_id") references "patients_patient" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patients_family_request" add constraint "patients_family_request_dependant_id_foreign" foreign key ("dependant_id") references "patients_patient" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patients_family_request" add constraint "patients_family_request_sex_check" check ("sex" in ('male', 'female'));`,
    );
    this.addSql(
      `alter table "patients_family_request" add constraint "patients_family_request_relation_check" check ("relation" in ('child', 'parent', 'spouse', 'other'));`,
    );
    this.addSql(
      `alter table "patients_family_request" add constraint "patients_family_request_approver_check" check ("approver" in ('self', 'guardian', 'staff'));`,
    );
    this.addSql(
      `alter table "patients_family_request" add constraint "patients_family_request_status_check" check ("status" in ('pending', 'approved', 'declined', 'cancelled'));`,
    );

    this.addSql(
      `alter table "patients_sms_code" add constraint "patients_sms_code_language_check" check ("language" in ('ru', 'kk'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "patients_identity_check" cascade;`);
    this.addSql(`drop table if exists "patients_family_request" cascade;`);
    this.addSql(`drop table if exists "patients_sms_code" cascade;`);

    this.addSql(
      `alter table "notifications_delivery" drop constraint "notifications_delivery_recipient_check";`,
    );
    this.addSql(
      `alter table "notifications_delivery" drop constraint "notifications_delivery_status_check";`,
    );
    this.addSql(`alter table "notifications_delivery" drop column "on_behalf_of";`);
    this.addSql(
      `alter table "notifications_delivery" add constraint "notifications_delivery_recipient_check" check ("recipient" in ('patient', 'staff_chat'));`,
    );
    this.addSql(
      `alter table "notifications_delivery" add constraint "notifications_delivery_status_check" check ("status" in ('queued', 'sending', 'sent', 'failed', 'skipped'));`,
    );

    this.addSql(`drop index "patients_family_link_dependant_id_status_index";`);
    this.addSql(`alter table "patients_family_link" drop constraint "patients_family_link_status_check";`);
    this.addSql(
      `alter table "patients_family_link" drop constraint "patients_family_link_ended_reason_check";`,
    );
    this.addSql(
      `alter table "patients_family_link" drop column "status", drop column "until_adult", drop column "granted_by", drop column "ended_at", drop column "ended_reason";`,
    );

    this.addSql(`drop index "patients_registration_draft_updated_at_index";`);
    this.addSql(
      `alter table "patients_registration_draft" drop column "phone_cipher", drop column "phone_verified", drop column "proof_requested_at";`,
    );
    this.addSql(`alter table "patients_registration_draft" add "phone" varchar(20) null;`);
  }
}
