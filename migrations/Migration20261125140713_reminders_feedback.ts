import { Migration } from '@mikro-orm/migrations';

export class Migration20261125140713_reminders_feedback extends Migration {
  override name = 'Migration20261125140713_reminders_feedback';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "feedback_response" ("id" serial primary key, "appointment_id" int not null, "patient_id" int not null, "branch_id" int not null, "doctor_id" int not null, "service_id" int not null, "score" smallint not null, "comment" text null, "answered_at" timestamptz not null, "comment_closed_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "feedback_response" add constraint "feedback_response_appointment_id_unique" unique ("appointment_id");`,
    );
    this.addSql(`create index "feedback_response_answered_at_index" on "feedback_response" ("answered_at");`);

    this.addSql(
      `create table "feedback_follow_up" ("id" serial primary key, "response_id" int not null, "status" text not null, "opened_at" timestamptz not null, "closed_at" timestamptz null, "closed_by" varchar(100) null, "resolution" text null);`,
    );
    this.addSql(
      `alter table "feedback_follow_up" add constraint "feedback_follow_up_response_id_unique" unique ("response_id");`,
    );
    this.addSql(
      `create index "feedback_follow_up_status_opened_at_index" on "feedback_follow_up" ("status", "opened_at");`,
    );

    this.addSql(`alter table "notifications_delivery" add "guard" jsonb null;`);

    // Visits booked before this column existed got their time when they were created.
    this.addSql(`alter table "booking_appointment" add "scheduled_at" timestamptz null;`);
    this.addSql(`update "booking_appointment" set "scheduled_at" = "created_at";`);
    this.addSql(`alter table "booking_appointment" alter column "scheduled_at" set not null;`);

    this.addSql(
      `alter table "feedback_response" add constraint "feedback_response_appointment_id_foreign" foreign key ("appointment_id") references "booking_appointment" ("id");`,
    );
    this.addSql(
      `alter table "feedback_response" add constraint "feedback_response_score_check" check (score >= 0 and score <= 10);`,
    );

    this.addSql(
      `alter table "feedback_follow_up" add constraint "feedback_follow_up_response_id_foreign" foreign key ("response_id") references "feedback_response" ("id");`,
    );
    this.addSql(
      `alter table "feedback_follow_up" add constraint "feedback_follow_up_status_check" check ("status" in ('open', 'closed'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "feedback_follow_up" drop constraint "feedback_follow_up_response_id_foreign";`);

    this.addSql(`drop table if exists "feedback_response" cascade;`);
    this.addSql(`drop table if exists "feedback_follow_up" cascade;`);

    this.addSql(`alter table "booking_appointment" drop column "scheduled_at";`);

    this.addSql(`alter table "notifications_delivery" drop column "guard";`);
  }
}
