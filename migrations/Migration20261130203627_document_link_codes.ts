import { Migration } from '@mikro-orm/migrations';

export class Migration20261130203627_document_link_codes extends Migration {
  override name = 'Migration20261130203627_document_link_codes';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "documents_throttle" ("key" varchar(200) not null, "hits" int not null, "window_start" timestamptz not null, primary key ("key"));`,
    );
    this.addSql(
      `create index "documents_throttle_window_start_index" on "documents_throttle" ("window_start");`,
    );

    this.addSql(
      `alter table "documents_link" add "code_hash" varchar(64) null, add "code_sent_at" timestamptz null, add "code_attempts" int not null default 0, add "codes_sent" int not null default 0;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "documents_throttle" cascade;`);

    this.addSql(
      `alter table "documents_link" drop column "code_hash", drop column "code_sent_at", drop column "code_attempts", drop column "codes_sent";`,
    );
  }
}
