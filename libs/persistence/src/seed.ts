/**
 * Idempotent seeding: the calendar years the `chinese-days` package carries, and (for embedded/dev/test stacks) the
 * demo organisation tree with one user per role. Passwords of demo users are listed in the README.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrationsUnlocked, withMigrationLock } from './data-source';
import { chineseDaysCalendarYears } from '@libs/domain/src/calendar/chinese-days.seed';
import { validateCalendarYear } from '@libs/domain/src/calendar';
import { hashPassword } from '@libs/security/src';

const CHINESE_DAYS = require('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
const CHINESE_DAYS_VERSION = (require('chinese-days/package.json') as { version: string }).version;

/** Loads every year the package carries that is not in the database yet. Returns the years loaded. */
export async function seedCalendar(ds: DataSource): Promise<number[]> {
  const loaded: number[] = [];
  for (const y of chineseDaysCalendarYears(CHINESE_DAYS)) {
    validateCalendarYear(y);
    const res: unknown[] = await ds.query(
      `INSERT INTO calendar_years (year, version, holidays, makeup_workdays, source)
       SELECT $1, 1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM calendar_years WHERE year = $1) RETURNING year`,
      [y.year, JSON.stringify(y.holidays), JSON.stringify(y.makeupWorkdays), `chinese-days@${CHINESE_DAYS_VERSION}`],
    );
    if (res.length) loaded.push(y.year);
  }
  return loaded;
}

export const DEMO_PASSWORD = 'Demo-Passw0rd!';

export const DEMO_ORGS = {
  national: {
    id: '10000000-0000-4000-8000-000000000001',
    name: '国家卫生健康委员会',
    level: 'national',
    parent: null,
    region: '100000',
    profile: 'national-2022',
  },
  province: {
    id: '10000000-0000-4000-8000-000000000002',
    name: '河南省卫生健康委员会',
    level: 'provincial',
    parent: 'national',
    region: '410000',
    profile: 'henan-2021',
  },
  cityA: {
    id: '10000000-0000-4000-8000-000000000003',
    name: '郑州市卫生健康委员会',
    level: 'municipal',
    parent: 'province',
    region: '410100',
    profile: 'henan-2021',
  },
  hospitalA: {
    id: '10000000-0000-4000-8000-000000000004',
    name: '郑州市第一人民医院',
    level: 'institution',
    parent: 'cityA',
    region: '410102',
    profile: 'henan-2021',
  },
  cityB: {
    id: '10000000-0000-4000-8000-000000000005',
    name: '洛阳市卫生健康委员会',
    level: 'municipal',
    parent: 'province',
    region: '410300',
    profile: 'national-2022',
  },
  hospitalB: {
    id: '10000000-0000-4000-8000-000000000006',
    name: '洛阳市中心医院',
    level: 'institution',
    parent: 'cityB',
    region: '410302',
    profile: 'national-2022',
  },
} as const;

type OrgKey = keyof typeof DEMO_ORGS;

export const DEMO_USERS: Array<{ username: string; name: string; org: OrgKey; roles: string[] }> = [
  { username: 'nhc.supervisor', name: '国家监督员', org: 'national', roles: ['supervisor'] },
  { username: 'nhc.sysadmin', name: '系统管理员', org: 'national', roles: ['system_admin'] },
  { username: 'henan.supervisor', name: '河南省监督员', org: 'province', roles: ['supervisor'] },
  { username: 'henan.admin', name: '河南省诚信管理员', org: 'province', roles: ['integrity_admin'] },
  { username: 'zz.supervisor', name: '郑州市监督员', org: 'cityA', roles: ['supervisor'] },
  { username: 'hospa.admin', name: '甲院诚信管理员', org: 'hospitalA', roles: ['integrity_admin'] },
  { username: 'hospa.officer', name: '甲院办案人员', org: 'hospitalA', roles: ['case_officer'] },
  { username: 'hospa.investigator', name: '甲院调查人员', org: 'hospitalA', roles: ['investigator'] },
  { username: 'hospa.head', name: '甲院负责人', org: 'hospitalA', roles: ['unit_head'] },
  { username: 'hospb.admin', name: '乙院诚信管理员', org: 'hospitalB', roles: ['integrity_admin'] },
  { username: 'hospb.officer', name: '乙院办案人员', org: 'hospitalB', roles: ['case_officer'] },
  { username: 'hospb.head', name: '乙院负责人', org: 'hospitalB', roles: ['unit_head'] },
];

function orgPath(key: OrgKey): string {
  const chain: string[] = [];
  let k: OrgKey | null = key;
  while (k) {
    chain.unshift(DEMO_ORGS[k].id);
    k = DEMO_ORGS[k].parent as OrgKey | null;
  }
  return chain.join('/');
}

/** Demo users' e-mail addresses (notifications): `<username>@example.org`. */
export function demoEmail(username: string): string {
  return `${username}@example.org`;
}

export function demoUserId(i: number): string {
  return `20000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
}

/** A demo account's user id by username. */
export function demoUserIdOf(username: string): string {
  const i = DEMO_USERS.findIndex((u) => u.username === username);
  if (i < 0) throw new Error(`no demo user ${username}`);
  return demoUserId(i);
}

export async function seedDemo(ds: DataSource): Promise<void> {
  for (const key of Object.keys(DEMO_ORGS) as OrgKey[]) {
    const o = DEMO_ORGS[key];
    await ds.query(
      `INSERT INTO organisations (id, name, level, parent_id, path, region_code, policy_profile) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (id) DO NOTHING`,
      [o.id, o.name, o.level, o.parent ? DEMO_ORGS[o.parent as OrgKey].id : null, orgPath(key), o.region, o.profile],
    );
  }
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const [i, u] of DEMO_USERS.entries()) {
    await ds.query(
      `INSERT INTO users (id, username, name, email, org_id, roles, password_hash) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO NOTHING`,
      [demoUserId(i), u.username, u.name, demoEmail(u.username), DEMO_ORGS[u.org].id, JSON.stringify(u.roles), hash],
    );
    // Dev databases seeded before demo users had addresses (notifications need one).
    await ds.query(`UPDATE users SET email = $2 WHERE id = $1 AND email IS NULL`, [demoUserId(i), demoEmail(u.username)]);
  }
}

/**
 * What every stack does before it starts (dev stack, tests, benchmarks, the container's migrate step): apply the
 * migrations, open a data source, load the calendar years, and the demo tree unless told not to. The caller owns the
 * returned data source.
 */
export async function prepareDatabase(
  url: string,
  opts: { demo: boolean },
): Promise<{ db: DataSource; migrations: string[]; calendarYears: number[] }> {
  // Under the migration lock (data-source.ts): instances starting together migrate and seed one after the other.
  return withMigrationLock(url, async () => {
    const migrations = await runMigrationsUnlocked(url);
    const db = new DataSource(dataSourceOptions(url));
    await db.initialize();
    try {
      const calendarYears = await seedCalendar(db);
      if (opts.demo) await seedDemo(db);
      return { db, migrations, calendarYears };
    } catch (err) {
      await db.destroy();
      throw err;
    }
  });
}
