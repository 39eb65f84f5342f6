// A throwaway database on the admin server, created with a random name and dropped at the end.
import { randomBytes } from "node:crypto";
import { connectPostgres } from "@orders/adapters";

export interface ScratchDatabase {
  readonly name: string;
  /** The admin URL with its database replaced by the scratch one. */
  readonly url: string;
  drop(): Promise<void>;
}

/** The URL of `database` on the server `adminUrl` points at. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** CREATE DATABASE <prefix>_<random> on the admin URL's server; drop() removes it (forcing out sessions). */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = connectPostgres({ connectionString: adminUrl, max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name}`, []);
  } finally {
    await admin.close();
  }
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: async () => {
      const db = connectPostgres({ connectionString: adminUrl, max: 1 });
      try {
        await db.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, []);
      } finally {
        await db.close();
      }
    },
  };
}
