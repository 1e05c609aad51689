import { Migration } from '@mikro-orm/migrations';

export class Migration20261130182004_running_late extends Migration {
  override name = 'Migration20261130182004_running_late';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "booking_appointment" add "late_minutes" smallint null, add "late_reported_at" timestamptz null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "booking_appointment" drop column "late_minutes", drop column "late_reported_at";`,
    );
  }
}
