import { Migration } from '@mikro-orm/migrations';

/**
 * Online visits get a way to join: a doctor may have a standing video room, and every visit of an
 * online service gets an unguessable room of its own. Visits of online services booked before this
 * get their room now (122 random bits of gen_random_uuid, the default room base), so none stays
 * without a link.
 */
export class Migration20261130175358_online_visits extends Migration {
  override name = 'Migration20261130175358_online_visits';

  override up(): void | Promise<void> {
    this.addSql(`alter table "clinic_doctor" add "online_url" varchar(300) null;`);
    this.addSql(`alter table "booking_appointment" add "online_room" varchar(300) null;`);
    this.addSql(
      `update "booking_appointment" a
          set "online_room" = 'https://meet.jit.si/emhana-' || replace(gen_random_uuid()::text, '-', '')
         from "clinic_service" s
        where s."id" = a."service_id" and s."online";`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "booking_appointment" drop column "online_room";`);
    this.addSql(`alter table "clinic_doctor" drop column "online_url";`);
  }
}
