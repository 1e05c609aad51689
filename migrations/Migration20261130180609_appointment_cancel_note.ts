import { Migration } from '@mikro-orm/migrations';

export class Migration20261130180609_appointment_cancel_note extends Migration {
  override name = 'Migration20261130180609_appointment_cancel_note';

  // Nullable: visits cancelled before keep their reason and simply have no note.
  override up(): void | Promise<void> {
    this.addSql(`alter table "booking_appointment" add "cancel_note" varchar(500) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "booking_appointment" drop column "cancel_note";`);
  }
}
