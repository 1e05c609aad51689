import { Migration } from '@mikro-orm/migrations';

export class Migration20261201111124_auth_sign_out extends Migration {
  override name = 'Migration20261201111124_auth_sign_out';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "auth_signed_out_token" ("token_id" uuid not null, "expires_at" timestamptz not null, primary key ("token_id"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "auth_signed_out_token" cascade;`);
  }
}
