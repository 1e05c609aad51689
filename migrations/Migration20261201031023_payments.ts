import { Migration } from '@mikro-orm/migrations';

export class Migration20261201031023_payments extends Migration {
  override name = 'Migration20261201031023_payments';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "payments_alert" ("id" serial primary key, "kind" varchar(40) not null, "payment_id" uuid null, "invoice_id" int null, "details" jsonb not null, "unique_key" varchar(200) not null, "created_at" timestamptz not null, "closed_at" timestamptz null, "closed_by" varchar(100) null);`,
    );
    this.addSql(
      `alter table "payments_alert" add constraint "payments_alert_unique_key_unique" unique ("unique_key");`,
    );
    this.addSql(`create index "payments_alert_closed_at_index" on "payments_alert" ("closed_at");`);

    this.addSql(
      `create table "payments_counter" ("key" varchar(20) not null, "last" int not null, primary key ("key"));`,
    );

    this.addSql(
      `create table "payments_invoice" ("id" serial primary key, "number" varchar(40) not null, "patient_id" int not null, "appointment_id" int null, "branch_id" int null, "origin" text not null, "status" text not null default 'unpaid', "total_tiyn" bigint not null, "paid_tiyn" bigint not null default '0', "refunded_tiyn" bigint not null default '0', "currency" varchar(3) not null default 'KZT', "created_by" varchar(100) not null, "created_at" timestamptz not null, "paid_at" timestamptz null, "voided_at" timestamptz null, "void_reason" text null, "version" int not null default 1);`,
    );
    this.addSql(
      `alter table "payments_invoice" add constraint "payments_invoice_number_unique" unique ("number");`,
    );
    this.addSql(
      `create index "payments_invoice_patient_id_status_index" on "payments_invoice" ("patient_id", "status");`,
    );
    this.addSql(`create index "payments_invoice_created_at_index" on "payments_invoice" ("created_at");`);

    this.addSql(
      `create table "payments_payment" ("id" uuid not null, "invoice_id" int not null, "provider" text not null, "status" text not null default 'pending', "amount_tiyn" bigint not null, "order_number" varchar(15) not null, "provider_ref" varchar(100) null, "transaction_id" varchar(100) null, "secret_hash" varchar(64) not null, "url" text null, "qr_token" text null, "expires_at" timestamptz not null, "poll_seconds" int null, "next_check_at" timestamptz null, "checks" int not null default 0, "chat_id" bigint null, "message_id" int null, "started_by" varchar(100) not null, "created_at" timestamptz not null, "paid_at" timestamptz null, "fail_reason" varchar(200) null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "payments_payment" add constraint "payments_payment_order_number_unique" unique ("order_number");`,
    );
    this.addSql(
      `create index "payments_payment_status_next_check_at_index" on "payments_payment" ("status", "next_check_at");`,
    );
    this.addSql(`create index "payments_payment_invoice_id_index" on "payments_payment" ("invoice_id");`);
    this.addSql(
      `alter table "payments_payment" add constraint "payments_payment_provider_provider_ref_unique" unique ("provider", "provider_ref");`,
    );
    this.addSql(
      `alter table "payments_payment" add constraint "payments_payment_provider_transaction_id_unique" unique ("provider", "transaction_id");`,
    );

    this.addSql(
      `create table "payments_refund" ("id" uuid not null, "payment_id" uuid not null, "amount_tiyn" bigint not null, "reason" text not null, "automatic" boolean not null default false, "status" text not null default 'pending', "idempotency_key" varchar(100) not null, "provider_ref" varchar(100) null, "fail_reason" varchar(200) null, "created_by" varchar(100) not null, "created_at" timestamptz not null, "done_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "payments_refund" add constraint "payments_refund_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(`create index "payments_refund_status_index" on "payments_refund" ("status");`);

    this.addSql(
      `create table "payments_invoice_line" ("id" serial primary key, "invoice_id" int not null, "position" int not null, "service_id" int null, "title" jsonb not null, "quantity" int not null, "unit_price_tiyn" bigint not null, "amount_tiyn" bigint not null);`,
    );

    this.addSql(`alter table "notifications_delivery" add "edit_message_id" bigint null;`);

    this.addSql(`alter table "clinic_service" add "prepaid" boolean not null default false;`);

    this.addSql(
      `alter table "payments_invoice" add constraint "payments_invoice_patient_id_foreign" foreign key ("patient_id") references "patients_patient" ("id");`,
    );
    this.addSql(
      `alter table "payments_invoice" add constraint "payments_invoice_appointment_id_foreign" foreign key ("appointment_id") references "booking_appointment" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "payments_invoice" add constraint "payments_invoice_branch_id_foreign" foreign key ("branch_id") references "clinic_branch" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "payments_invoice" add constraint "payments_invoice_total_tiyn_check" check (total_tiyn > 0);`,
    );
    this.addSql(
      `alter table "payments_invoice" add constraint "payments_invoice_paid_tiyn_check" check (paid_tiyn >= 0);`,
    );
    this.addSql(
      `alter table "payments_invoice" add constraint "payments_invoice_refunded_tiyn_check" check (refunded_tiyn >= 0);`,
    );
    this.addSql(
      `alter table "payments_invoice" add constraint "payments_invoice_origin_check" check ("origin" in ('staff', 'prepaid_booking', 'visit_completed'));`,
    );
    this.addSql(
      `alter table "payments_invoice" add constraint "payments_invoice_status_check" check ("status" in ('unpaid', 'paid', 'void'));`,
    );

    this.addSql(
      `alter table "payments_payment" add constraint "payments_payment_invoice_id_foreign" foreign key ("invoice_id") references "payments_invoice" ("id");`,
    );
    this.addSql(
      `alter table "payments_payment" add constraint "payments_payment_amount_tiyn_check" check (amount_tiyn > 0);`,
    );
    this.addSql(
      `alter table "payments_payment" add constraint "payments_payment_provider_check" check ("provider" in ('kaspi', 'halyk'));`,
    );
    this.addSql(
      `alter table "payments_payment" add constraint "payments_payment_status_check" check ("status" in ('pending', 'paid', 'failed', 'expired', 'cancelled'));`,
    );

    this.addSql(
      `alter table "payments_refund" add constraint "payments_refund_payment_id_foreign" foreign key ("payment_id") references "payments_payment" ("id");`,
    );
    this.addSql(
      `alter table "payments_refund" add constraint "payments_refund_amount_tiyn_check" check (amount_tiyn > 0);`,
    );
    this.addSql(
      `alter table "payments_refund" add constraint "payments_refund_status_check" check ("status" in ('pending', 'done', 'failed'));`,
    );

    this.addSql(
      `alter table "payments_invoice_line" add constraint "payments_invoice_line_invoice_id_foreign" foreign key ("invoice_id") references "payments_invoice" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "payments_invoice_line" add constraint "payments_invoice_line_service_id_foreign" foreign key ("service_id") references "clinic_service" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "payments_invoice_line" add constraint "payments_invoice_line_quantity_check" check (quantity > 0);`,
    );
    this.addSql(
      `alter table "payments_invoice_line" add constraint "payments_invoice_line_unit_price_tiyn_check" check (unit_price_tiyn >= 0);`,
    );
    this.addSql(
      `alter table "payments_invoice_line" add constraint "payments_invoice_line_amount_tiyn_check" check (amount_tiyn >= 0);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "payments_payment" drop constraint "payments_payment_invoice_id_foreign";`);
    this.addSql(
      `alter table "payments_invoice_line" drop constraint "payments_invoice_line_invoice_id_foreign";`,
    );
    this.addSql(`alter table "payments_refund" drop constraint "payments_refund_payment_id_foreign";`);

    this.addSql(`drop table if exists "payments_alert" cascade;`);
    this.addSql(`drop table if exists "payments_counter" cascade;`);
    this.addSql(`drop table if exists "payments_invoice" cascade;`);
    this.addSql(`drop table if exists "payments_payment" cascade;`);
    this.addSql(`drop table if exists "payments_refund" cascade;`);
    this.addSql(`drop table if exists "payments_invoice_line" cascade;`);

    this.addSql(`alter table "clinic_service" drop column "prepaid";`);

    this.addSql(`alter table "notifications_delivery" drop column "edit_message_id";`);
  }
}
