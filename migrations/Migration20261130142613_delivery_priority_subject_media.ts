import { Migration } from '@mikro-orm/migrations';

/**
 * Deliveries get a priority (urgent, care, bulk) in place of the urgent flag, a subject of any kind in
 * place of the appointment id, media (a photo or document with the text as caption), and the
 * `unknown` status for a call a crash cut off. The old values are carried over.
 */
export class Migration20261130142613_delivery_priority_subject_media extends Migration {
  override name = 'Migration20261130142613_delivery_priority_subject_media';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "notifications_delivery" add "subject_kind" varchar(30) null, add "subject_id" bigint null, add "media" jsonb null, add "priority" text not null default 'care';`,
    );
    this.addSql(
      `update "notifications_delivery" set "subject_kind" = 'appointment', "subject_id" = "appointment_id" where "appointment_id" is not null;`,
    );
    this.addSql(`update "notifications_delivery" set "priority" = 'urgent' where "urgent";`);
    this.addSql(`drop index "notifications_delivery_appointment_id_queued_at_index";`);
    this.addSql(
      `alter table "notifications_delivery" drop constraint "notifications_delivery_status_check";`,
    );
    this.addSql(`alter table "notifications_delivery" drop column "appointment_id", drop column "urgent";`);
    this.addSql(
      `create index "notifications_delivery_subject_kind_subject_id_queued_at_index" on "notifications_delivery" ("subject_kind", "subject_id", "queued_at");`,
    );
    this.addSql(
      `alter table "notifications_delivery" add constraint "notifications_delivery_priority_check" check ("priority" in ('urgent', 'care', 'bulk'));`,
    );
    this.addSql(
      `alter table "notifications_delivery" add constraint "notifications_delivery_status_check" check ("status" in ('queued', 'sending', 'sent', 'failed', 'skipped', 'expanded', 'unknown'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "notifications_delivery" add "appointment_id" int4 null, add "urgent" bool not null default false;`,
    );
    this.addSql(
      `update "notifications_delivery" set "appointment_id" = "subject_id" where "subject_kind" = 'appointment';`,
    );
    this.addSql(`update "notifications_delivery" set "urgent" = true where "priority" = 'urgent';`);
    this.addSql(`update "notifications_delivery" set "status" = 'failed' where "status" = 'unknown';`);
    this.addSql(`drop index "notifications_delivery_subject_kind_subject_id_queued_at_index";`);
    this.addSql(
      `alter table "notifications_delivery" drop constraint "notifications_delivery_priority_check";`,
    );
    this.addSql(
      `alter table "notifications_delivery" drop constraint "notifications_delivery_status_check";`,
    );
    this.addSql(
      `alter table "notifications_delivery" drop column "subject_kind", drop column "subject_id", drop column "media", drop column "priority";`,
    );
    this.addSql(
      `create index "notifications_delivery_appointment_id_queued_at_index" on "notifications_delivery" ("appointment_id", "queued_at");`,
    );
    this.addSql(
      `alter table "notifications_delivery" add constraint "notifications_delivery_status_check" check ("status" in ('queued', 'sending', 'sent', 'failed', 'skipped', 'expanded'));`,
    );
  }
}
