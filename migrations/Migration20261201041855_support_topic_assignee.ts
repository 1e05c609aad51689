import { Migration } from '@mikro-orm/migrations';

export class Migration20261201041855_support_topic_assignee extends Migration {
  override name = 'Migration20261201041855_support_topic_assignee';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "support_ticket" add "assignee_telegram_id" bigint null, add "assignee_name" varchar(100) null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "support_ticket" drop column "assignee_telegram_id", drop column "assignee_name";`,
    );
  }
}
