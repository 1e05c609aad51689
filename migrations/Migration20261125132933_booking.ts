import { Migration } from '@mikro-orm/migrations';

export class Migration20261125132933_booking extends Migration {
  override name = 'Migration20261125132933_booking';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "booking_appointment" ("id" serial primary key, "patient_id" int not null, "doctor_id" int not null, "branch_id" int not null, "service_id" int not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "status" text not null, "held_until" timestamptz null, "price_tiyn" bigint not null, "source" text not null, "booked_by" varchar(100) not null, "cancelled_by" text null, "cancel_reason" varchar(60) null, "status_changed_at" timestamptz not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "booking_appointment_doctor_id_starts_at_index" on "booking_appointment" ("doctor_id", "starts_at");`,
    );
    this.addSql(
      `create index "booking_appointment_patient_id_starts_at_index" on "booking_appointment" ("patient_id", "starts_at");`,
    );
    this.addSql(
      `create index "booking_appointment_branch_id_starts_at_index" on "booking_appointment" ("branch_id", "starts_at");`,
    );

    this.addSql(`alter table "auth_staff_account" add "doctor_id" int null;`);

    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_patient_id_foreign" foreign key ("patient_id") references "patients_patient" ("id");`,
    );
    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_doctor_id_foreign" foreign key ("doctor_id") references "clinic_doctor" ("id");`,
    );
    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_branch_id_foreign" foreign key ("branch_id") references "clinic_branch" ("id");`,
    );
    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_service_id_foreign" foreign key ("service_id") references "clinic_service" ("id");`,
    );
    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_span" check (ends_at > starts_at);`,
    );
    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_doctor_no_overlap" exclude using gist (doctor_id with =, tstzrange(starts_at, ends_at) with &&) where (status in ('held', 'booked', 'confirmed', 'arrived', 'in_progress'));`,
    );
    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_patient_no_overlap" exclude using gist (patient_id with =, tstzrange(starts_at, ends_at) with &&) where (status in ('held', 'booked', 'confirmed', 'arrived', 'in_progress'));`,
    );
    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_status_check" check ("status" in ('held', 'booked', 'confirmed', 'arrived', 'in_progress', 'completed', 'cancelled', 'no_show'));`,
    );
    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_source_check" check ("source" in ('bot', 'staff', 'api'));`,
    );
    this.addSql(
      `alter table "booking_appointment" add constraint "booking_appointment_cancelled_by_check" check ("cancelled_by" in ('patient', 'clinic'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "booking_appointment" cascade;`);

    this.addSql(`alter table "auth_staff_account" drop column "doctor_id";`);
  }
}
