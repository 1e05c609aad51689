import { Migration } from '@mikro-orm/migrations';

export class Migration20261130105935_auth_token_register extends Migration {
  override name = 'Migration20261130105935_auth_token_register';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "auth_login_throttle" ("key" varchar(200) not null, "failures" int not null, "window_start" timestamptz not null, "locked_until" timestamptz null, primary key ("key"));`,
    );

    this.addSql(
      `create table "auth_service_token" ("id" uuid not null, "name" varchar(64) not null, "kind" text not null, "roles" text[] not null, "created_by" varchar(100) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_by" varchar(100) null, primary key ("id"));`,
    );

    this.addSql(`alter table "auth_staff_account" add "token_version" int not null default 1;`);

    this.addSql(
      `alter table "auth_service_token" add constraint "auth_service_token_kind_check" check ("kind" in ('service', 'bot'));`,
    );
    this.addSql(
      `alter table "auth_service_token" add constraint "auth_service_token_roles_check" check ("roles" <@ array['admin'::text, 'registrar'::text, 'operator'::text, 'doctor'::text, 'marketer'::text]);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "auth_login_throttle" cascade;`);
    this.addSql(`drop table if exists "auth_service_token" cascade;`);

    this.addSql(`alter table "auth_staff_account" drop column "token_version";`);
  }
}
