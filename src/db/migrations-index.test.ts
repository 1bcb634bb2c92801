import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { migrations } from "../../migrations/index.ts";
import { BASELINE_MIGRATION } from "./migrate.ts";

const folder = join(import.meta.dir, "../../migrations");
const sqlFiles = readdirSync(folder).filter((file) => file.endsWith(".sql")).sort();

describe("migrations index", () => {
  test("lists every file of the folder", () => {
    expect(migrations.map((migration) => `${migration.name}.sql`).sort()).toEqual(sqlFiles);
  });

  test("is in name order without duplicates", () => {
    const names = migrations.map((migration) => migration.name);
    expect(names).toEqual([...new Set(names)].sort());
  });

  test("names follow YYYYMMDDHHMMSS_snake_name", () => {
    for (const migration of migrations) {
      expect(migration.name).toMatch(/^\d{14}_[a-z0-9]+(?:_[a-z0-9]+)*$/);
    }
  });

  test("pairs each name with its own file", async () => {
    for (const migration of migrations) {
      expect(migration.sql).toBe(await Bun.file(join(folder, `${migration.name}.sql`)).text());
    }
  });

  test("starts with the baseline", () => {
    expect(migrations[0]?.name).toBe(BASELINE_MIGRATION);
  });
});
