import { describe, expect, test } from "bun:test";
import { splitSqlScript } from "./split-sql-script.ts";

describe("splitSqlScript", () => {
  test("cuts at top-level semicolons and trims", () => {
    expect(splitSqlScript("create table a (x int);\n  insert into a values (1) ;select 1")).toEqual([
      "create table a (x int)",
      "insert into a values (1)",
      "select 1",
    ]);
  });

  test("drops statements that are only comments or whitespace", () => {
    const script = "-- header; with a semicolon\n/* block; */\n;;select 1;\n-- trailer\n";
    expect(splitSqlScript(script)).toEqual(["select 1"]);
  });

  test("keeps semicolons inside strings and identifiers", () => {
    const script = `insert into t values ('a;b', 'it''s; here');select "odd;name" from t`;
    expect(splitSqlScript(script)).toEqual([
      "insert into t values ('a;b', 'it''s; here')",
      'select "odd;name" from t',
    ]);
  });

  test("honours backslash escapes only in E strings", () => {
    expect(splitSqlScript(String.raw`select E'a\';b';select 'c\';select 2`)).toEqual([
      String.raw`select E'a\';b'`,
      String.raw`select 'c\'`,
      "select 2",
    ]);
  });

  test("keeps dollar-quoted bodies whole", () => {
    const body = "do $$ begin perform 1; raise notice 'x;y'; end $$";
    const tagged = "create function f() returns int language sql as $fn$ select 1; $$ $fn$";
    expect(splitSqlScript(`${body};\n${tagged};`)).toEqual([body, tagged]);
  });

  test("does not take parameters or identifiers with dollars for quotes", () => {
    expect(splitSqlScript("select $1, a$b$c from t; select 2")).toEqual(["select $1, a$b$c from t", "select 2"]);
  });

  test("skips nested block comments", () => {
    expect(splitSqlScript("/* outer /* inner; */ still; comment */ select 1; select 2")).toEqual([
      "/* outer /* inner; */ still; comment */ select 1",
      "select 2",
    ]);
  });

  test("rejects an unterminated string", () => {
    expect(() => splitSqlScript("select 'open;")).toThrow("unterminated string starting at offset 7");
  });

  test("rejects an unterminated dollar quote", () => {
    expect(() => splitSqlScript("do $body$ begin; end")).toThrow("unterminated dollar-quoted string $body$");
  });
});
