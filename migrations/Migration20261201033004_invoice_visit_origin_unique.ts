import { Migration } from '@mikro-orm/migrations';

export class Migration20261201033004_invoice_visit_origin_unique extends Migration {
  override name = 'Migration20261201033004_invoice_visit_origin_unique';

  override up(): void | Promise<void> {
    this.addSql(
      `create unique index "payments_invoice_visit_origin_unique" on "payments_invoice" ("appointment_id", "origin") where status <> 'void' and origin <> 'staff';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "payments_invoice_visit_origin_unique";`);
  }
}
