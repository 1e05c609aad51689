import { Migration } from '@mikro-orm/migrations';

export class Migration20261201040928_support extends Migration {
  override name = 'Migration20261201040928_support';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "support_faq_category" ("id" serial primary key, "name" jsonb not null, "sort_order" int not null default 0, "active" boolean not null default true);`,
    );

    this.addSql(
      `create table "support_faq_entry" ("id" serial primary key, "category_id" int not null, "question" jsonb not null, "answer" jsonb not null, "sort_order" int not null default 0, "published" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "support_faq_entry_category_id_sort_order_index" on "support_faq_entry" ("category_id", "sort_order");`,
    );

    this.addSql(
      `create table "support_ticket" ("id" serial primary key, "patient_id" int not null, "telegram_user_id" bigint not null, "language" text not null, "kind" text not null, "appointment_id" int null, "status" text not null default 'open', "assignee_id" int null, "topic_chat_id" bigint null, "topic_thread_id" int null, "created_at" timestamptz not null, "first_response_at" timestamptz null, "last_patient_at" timestamptz not null, "last_staff_at" timestamptz null, "closed_at" timestamptz null, "closed_by" varchar(100) null, "rating" smallint null, "rated_at" timestamptz null, "overdue_alerted_at" timestamptz null, "version" int not null default 1);`,
    );
    this.addSql(
      `create index "support_ticket_status_last_patient_at_index" on "support_ticket" ("status", "last_patient_at");`,
    );
    this.addSql(
      `create index "support_ticket_patient_id_created_at_index" on "support_ticket" ("patient_id", "created_at");`,
    );
    this.addSql(
      `create index "support_ticket_telegram_user_id_status_index" on "support_ticket" ("telegram_user_id", "status");`,
    );
    this.addSql(
      `create unique index "support_ticket_one_open_question" on "support_ticket" ("telegram_user_id") where status <> 'closed' and kind = 'question';`,
    );
    this.addSql(
      `create unique index "support_ticket_one_per_visit" on "support_ticket" ("appointment_id", "kind") where status <> 'closed' and appointment_id is not null;`,
    );
    this.addSql(
      `alter table "support_ticket" add constraint "support_ticket_topic_chat_id_topic_thread_id_unique" unique ("topic_chat_id", "topic_thread_id");`,
    );

    this.addSql(
      `create table "support_ticket_message" ("id" serial primary key, "ticket_id" int not null, "author" text not null, "author_name" varchar(100) null, "actor" varchar(100) null, "text" text null, "media" jsonb null, "via" text not null, "source_key" varchar(120) not null, "telegram_message_id" int null, "relayed_at" timestamptz null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "support_ticket_message" add constraint "support_ticket_message_source_key_unique" unique ("source_key");`,
    );
    this.addSql(
      `create index "support_ticket_message_ticket_id_id_index" on "support_ticket_message" ("ticket_id", "id");`,
    );
    this.addSql(
      `create index "support_ticket_message_relayed_at_index" on "support_ticket_message" ("relayed_at");`,
    );

    this.addSql(
      `alter table "support_faq_entry" add constraint "support_faq_entry_category_id_foreign" foreign key ("category_id") references "support_faq_category" ("id");`,
    );

    this.addSql(
      `alter table "support_ticket" add constraint "support_ticket_patient_id_foreign" foreign key ("patient_id") references "patients_patient" ("id");`,
    );
    this.addSql(
      `alter table "support_ticket" add constraint "support_ticket_appointment_id_foreign" foreign key ("appointment_id") references "booking_appointment" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "support_ticket" add constraint "support_ticket_assignee_id_foreign" foreign key ("assignee_id") references "auth_staff_account" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "support_ticket" add constraint "support_ticket_rating_check" check (rating >= 1 and rating <= 5);`,
    );
    this.addSql(
      `alter table "support_ticket" add constraint "support_ticket_language_check" check ("language" in ('ru', 'kk'));`,
    );
    this.addSql(
      `alter table "support_ticket" add constraint "support_ticket_kind_check" check ("kind" in ('question', 'low_score', 'not_at_visit'));`,
    );
    this.addSql(
      `alter table "support_ticket" add constraint "support_ticket_status_check" check ("status" in ('open', 'waiting_patient', 'closed'));`,
    );

    this.addSql(
      `alter table "support_ticket_message" add constraint "support_ticket_message_ticket_id_foreign" foreign key ("ticket_id") references "support_ticket" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "support_ticket_message" add constraint "support_ticket_message_author_check" check ("author" in ('patient', 'operator', 'system'));`,
    );
    this.addSql(
      `alter table "support_ticket_message" add constraint "support_ticket_message_via_check" check ("via" in ('bot', 'topic', 'api'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "support_faq_entry" drop constraint "support_faq_entry_category_id_foreign";`);
    this.addSql(
      `alter table "support_ticket_message" drop constraint "support_ticket_message_ticket_id_foreign";`,
    );

    this.addSql(`drop table if exists "support_faq_category" cascade;`);
    this.addSql(`drop table if exists "support_faq_entry" cascade;`);
    this.addSql(`drop table if exists "support_ticket" cascade;`);
    this.addSql(`drop table if exists "support_ticket_message" cascade;`);
  }
}
