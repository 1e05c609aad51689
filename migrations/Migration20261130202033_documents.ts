import { Migration } from '@mikro-orm/migrations';

export class Migration20261130202033_documents extends Migration {
  override name = 'Migration20261130202033_documents';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "documents_counter" ("prefix" varchar(10) not null, "year" int not null, "last" int not null, primary key ("prefix", "year"));`,
    );

    this.addSql(
      `create table "documents_document" ("id" serial primary key, "number" varchar(40) not null, "kind" varchar(40) not null, "patient_id" int not null, "appointment_id" int null, "doctor_id" int null, "branch_id" int null, "issue_date" date not null, "language" text not null, "source" text not null, "fields" jsonb null, "title" varchar(200) null, "status" text not null default 'valid', "revoked_at" timestamptz null, "revoked_by" varchar(100) null, "revoke_reason" text null, "verify_code" varchar(16) not null, "file_key" varchar(100) not null, "file_name" varchar(200) not null, "mime_type" text not null, "size_bytes" int not null, "sha256" varchar(64) not null, "issued_by" varchar(100) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "documents_document" add constraint "documents_document_number_unique" unique ("number");`,
    );
    this.addSql(
      `alter table "documents_document" add constraint "documents_document_verify_code_unique" unique ("verify_code");`,
    );
    this.addSql(
      `create index "documents_document_patient_id_issue_date_index" on "documents_document" ("patient_id", "issue_date");`,
    );

    this.addSql(
      `create table "documents_file" ("key" varchar(100) not null, "bytes" bytea not null, "size_bytes" int not null, "created_at" timestamptz not null, primary key ("key"));`,
    );

    this.addSql(
      `alter table "documents_document" add constraint "documents_document_patient_id_foreign" foreign key ("patient_id") references "patients_patient" ("id");`,
    );
    this.addSql(
      `alter table "documents_document" add constraint "documents_document_appointment_id_foreign" foreign key ("appointment_id") references "booking_appointment" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "documents_document" add constraint "documents_document_doctor_id_foreign" foreign key ("doctor_id") references "clinic_doctor" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "documents_document" add constraint "documents_document_branch_id_foreign" foreign key ("branch_id") references "clinic_branch" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "documents_document" add constraint "documents_document_language_check" check ("language" in ('ru', 'kk'));`,
    );
    this.addSql(
      `alter table "documents_document" add constraint "documents_document_source_check" check ("source" in ('generated', 'uploaded'));`,
    );
    this.addSql(
      `alter table "documents_document" add constraint "documents_document_status_check" check ("status" in ('valid', 'revoked'));`,
    );
    this.addSql(
      `alter table "documents_document" add constraint "documents_document_mime_type_check" check ("mime_type" in ('application/pdf', 'image/jpeg', 'image/png'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "documents_counter" cascade;`);
    this.addSql(`drop table if exists "documents_document" cascade;`);
    this.addSql(`drop table if exists "documents_file" cascade;`);
  }
}
