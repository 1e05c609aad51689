import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log says through what each entry came (a staff login, a service token, the bot, a
 * public link, a job, an anonymous request), and is read newest first by patient, actor or whole.
 * Earlier entries get theirs from the actor they name; a document link's entries were written as
 * the account it was made out to (`tg:…`), so their action (`document.link.*`) tells them apart.
 */
export class Migration20261201103829_audit_via extends Migration {
  override name = 'Migration20261201103829_audit_via';

  override up(): void | Promise<void> {
    this.addSql(`alter table "patients_audit_entry" add "via" text null;`);
    this.addSql(
      `update "patients_audit_entry" set "via" = case
         when "action" like 'document.link.%' then 'link'
         when "actor" like 'staff:%' then 'console'
         when "actor" like 'service:%' then 'service'
         when "actor" like 'tg:%' then 'bot'
         when "actor" = 'system' then 'job'
         else 'public' end;`,
    );
    this.addSql(`alter table "patients_audit_entry" alter column "via" set not null;`);
    this.addSql(
      `alter table "patients_audit_entry" add constraint "patients_audit_entry_via_check" check ("via" in ('console', 'service', 'bot', 'link', 'job', 'public'));`,
    );
    this.addSql(`drop index "patients_audit_entry_patient_id_at_index";`);
    this.addSql(
      `create index "patients_audit_entry_patient" on "patients_audit_entry" ("patient_id", "at", "id");`,
    );
    this.addSql(`create index "patients_audit_entry_actor" on "patients_audit_entry" ("actor", "at", "id");`);
    this.addSql(`create index "patients_audit_entry_at" on "patients_audit_entry" ("at", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "patients_audit_entry_patient";`);
    this.addSql(`drop index "patients_audit_entry_actor";`);
    this.addSql(`drop index "patients_audit_entry_at";`);
    this.addSql(`alter table "patients_audit_entry" drop constraint "patients_audit_entry_via_check";`);
    this.addSql(`alter table "patients_audit_entry" drop column "via";`);
    this.addSql(
      `create index "patients_audit_entry_patient_id_at_index" on "patients_audit_entry" ("patient_id", "at");`,
    );
  }
}
