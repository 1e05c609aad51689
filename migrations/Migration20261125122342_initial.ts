import { Migration } from '@mikro-orm/migrations';

export class Migration20261125122342_initial extends Migration {
  override name = 'Migration20261125122342_initial';

  override up(): void | Promise<void> {
    // Exclusion constraints mix equality (doctor, weekday) with range overlap: that needs btree_gist.
    this.addSql(`create extension if not exists btree_gist;`);

    this.addSql(
      `create table "clinic_branch" ("id" serial primary key, "name" jsonb not null, "address" jsonb not null, "phone" varchar(20) not null, "time_zone" varchar(64) not null, "latitude" double precision not null, "longitude" double precision not null, "opening_hours" jsonb not null, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );

    this.addSql(
      `create table "clinic_doctor" ("id" serial primary key, "full_name" varchar(200) not null, "specialty" jsonb not null, "slot_step_minutes" smallint not null default 15, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );

    this.addSql(
      `create table "clinic_doctor_branch" ("doctor_id" int not null, "branch_id" int not null, primary key ("doctor_id", "branch_id"));`,
    );

    this.addSql(
      `create table "clinic_schedule_exception" ("id" serial primary key, "doctor_id" int not null, "branch_id" int null, "date" date not null, "kind" text not null, "start_minute" smallint null, "end_minute" smallint null, "note" varchar(500) null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "clinic_schedule_exception_doctor_id_date_index" on "clinic_schedule_exception" ("doctor_id", "date");`,
    );

    this.addSql(
      `create table "clinic_schedule_interval" ("id" serial primary key, "doctor_id" int not null, "branch_id" int not null, "weekday" smallint not null, "start_minute" smallint not null, "end_minute" smallint not null);`,
    );

    this.addSql(
      `create table "clinic_service_category" ("id" serial primary key, "name" jsonb not null, "sort_order" int not null default 0, "active" boolean not null default true);`,
    );

    this.addSql(
      `create table "clinic_service" ("id" serial primary key, "category_id" int not null, "name" jsonb not null, "description" jsonb null, "duration_minutes" smallint not null, "price_tiyn" bigint not null, "active" boolean not null default true, "online" boolean not null default false, "min_age_years" smallint null, "max_age_years" smallint null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );

    this.addSql(
      `create table "clinic_doctor_service" ("doctor_id" int not null, "service_id" int not null, "price_override_tiyn" bigint null, primary key ("doctor_id", "service_id"));`,
    );

    this.addSql(
      `create table "auth_staff_account" ("id" serial primary key, "username" varchar(64) not null, "display_name" varchar(200) not null, "password_hash" varchar(255) not null, "roles" text[] not null, "active" boolean not null default true, "last_login_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "auth_staff_account" add constraint "auth_staff_account_username_unique" unique ("username");`,
    );

    this.addSql(
      `alter table "clinic_doctor" add constraint "clinic_doctor_slot_step_minutes_check" check (slot_step_minutes > 0);`,
    );

    this.addSql(
      `alter table "clinic_doctor_branch" add constraint "clinic_doctor_branch_doctor_id_foreign" foreign key ("doctor_id") references "clinic_doctor" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "clinic_doctor_branch" add constraint "clinic_doctor_branch_branch_id_foreign" foreign key ("branch_id") references "clinic_branch" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "clinic_schedule_exception" add constraint "clinic_schedule_exception_doctor_id_foreign" foreign key ("doctor_id") references "clinic_doctor" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "clinic_schedule_exception" add constraint "clinic_schedule_exception_branch_id_foreign" foreign key ("branch_id") references "clinic_branch" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "clinic_schedule_exception" add constraint "clinic_schedule_exception_span" check ((kind = 'day_off' and start_minute is null and end_minute is null) or (kind <> 'day_off' and start_minute >= 0 and end_minute <= 1440 and end_minute > start_minute));`,
    );
    this.addSql(
      `alter table "clinic_schedule_exception" add constraint "clinic_schedule_exception_kind_check" check ("kind" in ('day_off', 'hours', 'break'));`,
    );

    this.addSql(
      `alter table "clinic_schedule_interval" add constraint "clinic_schedule_interval_doctor_id_foreign" foreign key ("doctor_id") references "clinic_doctor" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "clinic_schedule_interval" add constraint "clinic_schedule_interval_branch_id_foreign" foreign key ("branch_id") references "clinic_branch" ("id");`,
    );
    this.addSql(
      `alter table "clinic_schedule_interval" add constraint "clinic_schedule_interval_span" check (start_minute >= 0 and end_minute <= 1440 and end_minute > start_minute);`,
    );
    this.addSql(
      `alter table "clinic_schedule_interval" add constraint "clinic_schedule_interval_no_overlap" exclude using gist (doctor_id with =, weekday with =, int4range(start_minute, end_minute) with &&);`,
    );
    this.addSql(
      `alter table "clinic_schedule_interval" add constraint "clinic_schedule_interval_weekday_check" check (weekday >= 1 and weekday <= 7);`,
    );

    this.addSql(
      `alter table "clinic_service" add constraint "clinic_service_category_id_foreign" foreign key ("category_id") references "clinic_service_category" ("id");`,
    );
    this.addSql(
      `alter table "clinic_service" add constraint "clinic_service_duration_minutes_check" check (duration_minutes > 0);`,
    );
    this.addSql(
      `alter table "clinic_service" add constraint "clinic_service_price_tiyn_check" check (price_tiyn >= 0);`,
    );

    this.addSql(
      `alter table "clinic_doctor_service" add constraint "clinic_doctor_service_doctor_id_foreign" foreign key ("doctor_id") references "clinic_doctor" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "clinic_doctor_service" add constraint "clinic_doctor_service_service_id_foreign" foreign key ("service_id") references "clinic_service" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "clinic_doctor_service" add constraint "clinic_doctor_service_price_override_tiyn_check" check (price_override_tiyn >= 0);`,
    );

    this.addSql(
      `alter table "auth_staff_account" add constraint "auth_staff_account_roles_check" check ("roles" <@ array['admin'::text, 'registrar'::text, 'operator'::text, 'doctor'::text, 'marketer'::text]);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "clinic_doctor_branch" drop constraint "clinic_doctor_branch_branch_id_foreign";`,
    );
    this.addSql(
      `alter table "clinic_schedule_exception" drop constraint "clinic_schedule_exception_branch_id_foreign";`,
    );
    this.addSql(
      `alter table "clinic_schedule_interval" drop constraint "clinic_schedule_interval_branch_id_foreign";`,
    );
    this.addSql(
      `alter table "clinic_doctor_branch" drop constraint "clinic_doctor_branch_doctor_id_foreign";`,
    );
    this.addSql(
      `alter table "clinic_schedule_exception" drop constraint "clinic_schedule_exception_doctor_id_foreign";`,
    );
    this.addSql(
      `alter table "clinic_schedule_interval" drop constraint "clinic_schedule_interval_doctor_id_foreign";`,
    );
    this.addSql(
      `alter table "clinic_doctor_service" drop constraint "clinic_doctor_service_doctor_id_foreign";`,
    );
    this.addSql(`alter table "clinic_service" drop constraint "clinic_service_category_id_foreign";`);
    this.addSql(
      `alter table "clinic_doctor_service" drop constraint "clinic_doctor_service_service_id_foreign";`,
    );

    this.addSql(`drop table if exists "clinic_branch" cascade;`);
    this.addSql(`drop table if exists "clinic_doctor" cascade;`);
    this.addSql(`drop table if exists "clinic_doctor_branch" cascade;`);
    this.addSql(`drop table if exists "clinic_schedule_exception" cascade;`);
    this.addSql(`drop table if exists "clinic_schedule_interval" cascade;`);
    this.addSql(`drop table if exists "clinic_service_category" cascade;`);
    this.addSql(`drop table if exists "clinic_service" cascade;`);
    this.addSql(`drop table if exists "clinic_doctor_service" cascade;`);
    this.addSql(`drop table if exists "auth_staff_account" cascade;`);
  }
}
