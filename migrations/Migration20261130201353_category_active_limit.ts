import { Migration } from '@mikro-orm/migrations';

export class Migration20261130201353_category_active_limit extends Migration {
  override name = 'Migration20261130201353_category_active_limit';

  // Every category so far keeps null, the clinic's default it has followed until now; the demo's
  // lab and diagnostics get their own limit when the demo clinic is upgraded at start-up.
  override up(): void | Promise<void> {
    this.addSql(`alter table "clinic_service_category" add "active_limit" smallint null;`);
    this.addSql(
      `alter table "clinic_service_category" add constraint "clinic_service_category_active_limit_check" check (active_limit >= 1 and active_limit <= 100);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "clinic_service_category" drop constraint "clinic_service_category_active_limit_check";`,
    );
    this.addSql(`alter table "clinic_service_category" drop column "active_limit";`);
  }
}
