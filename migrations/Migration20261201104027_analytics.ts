import { Migration } from '@mikro-orm/migrations';

export class Migration20261201104027_analytics extends Migration {
  override name = 'Migration20261201104027_analytics';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "analytics_funnel_event" ("id" bigserial primary key, "funnel" text not null, "attempt" uuid not null, "step" varchar(20) not null, "step_index" smallint not null, "at" timestamptz not null, "branch_id" int null, "service_id" int null, "doctor_id" int null, "language" text null);`,
    );
    this.addSql(
      `create index "analytics_funnel_event_funnel_step_index_at_index" on "analytics_funnel_event" ("funnel", "step_index", "at");`,
    );
    this.addSql(
      `create index "analytics_funnel_event_branch" on "analytics_funnel_event" ("branch_id", "attempt") where branch_id is not null;`,
    );
    this.addSql(
      `create index "analytics_funnel_event_doctor" on "analytics_funnel_event" ("doctor_id", "attempt") where doctor_id is not null;`,
    );
    this.addSql(
      `alter table "analytics_funnel_event" add constraint "analytics_funnel_event_attempt_funnel_step_index_unique" unique ("attempt", "funnel", "step_index");`,
    );

    this.addSql(
      `alter table "booking_appointment" add "channel" text null, add "coming_answered_at" timestamptz null;`,
    );
    this.addSql(
      `create index "booking_appointment_created_at_index" on "booking_appointment" ("created_at");`,
    );
    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_channel_check" check ("channel" in ('phone', 'console'));`,
    );
    // Staff bookings made before the channel was asked for were made at the console (its default).
    this.addSql(`update "booking_appointment" set "channel" = 'console' where "source" = 'staff';`);

    this.addSql(
      `create index "payments_payment_paid_at" on "payments_payment" ("paid_at") where status = 'paid';`,
    );

    this.addSql(
      `alter table "analytics_funnel_event" add constraint "analytics_funnel_event_funnel_check" check ("funnel" in ('registration', 'booking'));`,
    );
    this.addSql(
      `alter table "analytics_funnel_event" add constraint "analytics_funnel_event_language_check" check ("language" in ('ru', 'kk'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "analytics_funnel_event" cascade;`);

    this.addSql(`drop index "booking_appointment_created_at_index";`);
    this.addSql(`alter table "booking_appointment" drop constraint "booking_appointment_channel_check";`);
    this.addSql(`alter table "booking_appointment" drop column "channel", drop column "coming_answered_at";`);

    this.addSql(`drop index "payments_payment_paid_at";`);
  }
}
