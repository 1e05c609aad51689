import { Migration } from '@mikro-orm/migrations';

export class Migration20261130202847_document_links extends Migration {
  override name = 'Migration20261130202847_document_links';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "documents_link" ("id" uuid not null, "document_id" int not null, "telegram_user_id" bigint not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "downloaded_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "documents_link_expires_at_index" on "documents_link" ("expires_at");`);

    this.addSql(
      `alter table "documents_link" add constraint "documents_link_document_id_foreign" foreign key ("document_id") references "documents_document" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "documents_link" cascade;`);
  }
}
