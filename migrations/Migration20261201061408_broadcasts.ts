import { Migration } from '@mikro-orm/migrations';

export class Migration20261201061408_broadcasts extends Migration {
  override name = 'Migration20261201061408_broadcasts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "broadcasts_automation" ("id" serial primary key, "kind" text not null, "title" varchar(200) not null, "audience" jsonb not null, "text" jsonb not null, "photo" jsonb null, "buttons" jsonb not null, "send_at" varchar(5) not null, "period_days" int not null, "active" boolean not null default false, "version" int not null default 1, "approved_version" int null, "approved_by" varchar(100) null, "last_run_on" varchar(10) null, "created_by" varchar(100) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );

    this.addSql(
      `create table "broadcasts_broadcast" ("id" serial primary key, "kind" text not null, "title" varchar(200) not null, "audience" jsonb not null, "text" jsonb not null, "photo" jsonb null, "buttons" jsonb not null, "state" text not null default 'draft', "send_at" timestamptz null, "version" int not null default 1, "tested_version" int null, "approved_version" int null, "approved_by" varchar(100) null, "approved_at" timestamptz null, "automation_id" int null, "created_by" varchar(100) not null, "started_at" timestamptz null, "finished_at" timestamptz null, "targeted" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "broadcasts_broadcast_state_send_at_index" on "broadcasts_broadcast" ("state", "send_at");`,
    );
    this.addSql(
      `create index "broadcasts_broadcast_automation_id_started_at_index" on "broadcasts_broadcast" ("automation_id", "started_at");`,
    );

    this.addSql(
      `create table "broadcasts_recipient" ("id" bigserial primary key, "broadcast_id" int not null, "telegram_user_id" bigint not null, "patient_id" int not null, "language" text not null, "time_zone" varchar(64) not null, "state" text not null default 'pending', "reason" varchar(60) null, "attempt" int not null default 0, "queued_at" timestamptz null, "token" varchar(32) not null, "first_tap_at" timestamptz null, "taps" int not null default 0, "booked_appointment_id" int null);`,
    );
    this.addSql(
      `alter table "broadcasts_recipient" add constraint "broadcasts_recipient_token_unique" unique ("token");`,
    );
    this.addSql(
      `create index "broadcasts_recipient_broadcast_id_state_id_index" on "broadcasts_recipient" ("broadcast_id", "state", "id");`,
    );
    this.addSql(
      `create index "broadcasts_recipient_patient_id_index" on "broadcasts_recipient" ("patient_id");`,
    );
    this.addSql(
      `alter table "broadcasts_recipient" add constraint "broadcasts_recipient_broadcast_id_telegram_user_id_unique" unique ("broadcast_id", "telegram_user_id");`,
    );

    this.addSql(
      `create table "broadcasts_audience" ("id" serial primary key, "name" varchar(200) not null, "filter" jsonb not null, "created_by" varchar(100) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );

    this.addSql(
      `create index "feedback_response_patient_id_answered_at_index" on "feedback_response" ("patient_id", "answered_at");`,
    );

    this.addSql(`alter table "auth_staff_account" add "telegram_user_id" bigint null;`);

    this.addSql(
      `alter table "broadcasts_automation" add constraint "broadcasts_automation_kind_check" check ("kind" in ('recall', 'win_back'));`,
    );

    this.addSql(
      `alter table "broadcasts_broadcast" add constraint "broadcasts_broadcast_kind_check" check ("kind" in ('marketing', 'service'));`,
    );
    this.addSql(
      `alter table "broadcasts_broadcast" add constraint "broadcasts_broadcast_state_check" check ("state" in ('draft', 'scheduled', 'sending', 'paused', 'done', 'cancelled'));`,
    );

    this.addSql(
      `alter table "broadcasts_recipient" add constraint "broadcasts_recipient_language_check" check ("language" in ('ru', 'kk'));`,
    );
    this.addSql(
      `alter table "broadcasts_recipient" add constraint "broadcasts_recipient_state_check" check ("state" in ('pending', 'queued', 'skipped'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "broadcasts_automation" cascade;`);
    this.addSql(`drop table if exists "broadcasts_broadcast" cascade;`);
    this.addSql(`drop table if exists "broadcasts_recipient" cascade;`);
    this.addSql(`drop table if exists "broadcasts_audience" cascade;`);

    this.addSql(`alter table "auth_staff_account" drop column "telegram_user_id";`);

    this.addSql(`drop index "feedback_response_patient_id_answered_at_index";`);
  }
}
