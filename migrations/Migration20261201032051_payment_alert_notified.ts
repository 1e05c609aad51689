import { Migration } from '@mikro-orm/migrations';

export class Migration20261201032051_payment_alert_notified extends Migration {
  override name = 'Migration20261201032051_payment_alert_notified';

  override up(): void | Promise<void> {
    this.addSql(`alter table "payments_alert" add "notified_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "payments_alert" drop column "notified_at";`);
  }
}
