/** Reads a bot's SQLite file from a connection of its own, as a second process would see it (what is committed). */
import KeyvSqlite from '@keyv/sqlite';

/** Committed rows of the keyv table, all of them or those whose raw key starts with `keyPrefix`. */
export async function countRows(file: string, keyPrefix?: string): Promise<number> {
  const raw = new KeyvSqlite({ uri: `sqlite://${file}` });
  const where = keyPrefix === undefined ? '' : ' WHERE substr(key, 1, ?) = ?';
  const params = keyPrefix === undefined ? [] : [keyPrefix.length, keyPrefix];
  try {
    const rows = (await raw.query(`SELECT count(*) AS n FROM keyv${where}`, params)) as Array<{ n: number }>;
    return rows[0]?.n ?? -1;
  } finally {
    await raw.disconnect();
  }
}
