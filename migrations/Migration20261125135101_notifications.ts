import { Migration } from '@mikro-orm/migrations';

export class Migration20261125135101_notifications extends Migration {
  override name = 'Migration20261125135101_notifications';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "notifications_delivery" ("id" bigserial primary key, "unique_key" varchar(200) not null, "purpose" varchar(60) not null, "recipient" text not null, "patient_id" int null, "chat_id" bigint null, "appointment_id" int null, "template" varchar(80) not null, "params" jsonb not null, "buttons" jsonb null, "urgent" boolean not null default false, "time_zone" varchar(64) not null, "status" text not null default 'queued', "not_before" timestamptz not null, "attempts" int not null default 0, "last_error" varchar(300) null, "queued_at" timestamptz not null, "sent_at" timestamptz null, "telegram_message_id" bigint null);`,
    );
    this.addSql(
      `alter table "notifications_delivery" add constraint "notifications_delivery_unique_key_unique" unique ("unique_key");`,
    );
    this.addSql(
      `create index "notifications_delivery_patient_id_queued_at_index" on "notifications_delivery" ("patient_id", "queued_at");`,
    );
    this.addSql(
      `create index "notifications_delivery_appointment_id_queued_at_index" on "notifications_delivery" ("appointment_id", "queued_at");`,
    );
    this.addSql(
      `create index "notifications_delivery_status_not_before_index" on "notifications_delivery" ("status", "not_before");`,
    );

    this.addSql(
      `alter table "notifications_delivery" add constraint "notifications_delivery_recipient_check" check ("recipient" in ('patient', 'staff_chat'));`,
    );
    this.addSql(
      `alter table "notifications_delivery" add constraint "notifications_delivery_status_check" check ("status" in ('queued', 'sending', 'sent', 'failed', 'skipped'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "notifications_delivery" cascade;`);
  }
}
