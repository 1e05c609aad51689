import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Orm, openOrm } from '../server/orm.ts';
import { silentLogger } from '../shared/log.ts';
import { searchNameOf } from '../shared/person-name.ts';
import { createTestDatabase } from './support/db.ts';

/**
 * The migration that made name search tolerant of Latin spellings carries the patients already
 * in the clinic's database: after it, they are found as a patient registered today would be.
 */
const BEFORE = 'Migration20261130182535_patient_search_name';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: Orm;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openOrm(db.url, silentLogger);
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

describe('the search skeleton migration', () => {
  it('recomputes the search name of every existing patient, past one batch', async () => {
    await orm.migrator.down({ to: BEFORE });
    const sql = orm.em.getConnection();
    // 1,201 patients with the older folding (Абенова-Сейтқали was one word), spread over three batches.
    await sql.execute(
      `insert into patients_patient (last_name, first_name, middle_name, search_name, iin_cipher, iin_hash, iin_last4, birth_date, sex, created_at, updated_at)
       select 'Абенова-Сейтқали', 'Жанар', case when n % 2 = 0 then 'Серікқызы' end, 'абеновасеиткали жанар',
              'x', md5(n::text), '0000', '1990-01-01', 'female', now(), now()
         from generate_series(1, 1201) as n`,
    );
    await orm.migrator.up();
    const rows = (await sql.execute(
      `select search_name, count(*)::int as n from patients_patient group by search_name order by search_name`,
    )) as { search_name: string; n: number }[];
    expect(rows).toEqual([
      { search_name: searchNameOf(['Абенова-Сейтқали', 'Жанар', null]), n: 601 },
      { search_name: searchNameOf(['Абенова-Сейтқали', 'Жанар', 'Серікқызы']), n: 600 },
    ]);
    expect(rows[1]!.search_name).toBe('абенова сеиткали жанар серикизи');
  });
});
