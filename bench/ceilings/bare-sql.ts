// The ceiling for database scenarios: Bun.serve plus postgres.js running one fixed query per
// request and returning its rows as JSON, with no authentication, validation or shaping.
// `bun bench/ceilings/bare-sql.ts PORT DATABASE_URL`; GET /<name>?p=<parameter> runs query <name>,
// GET / responds without a query, and POST /login looks the user up by e-mail and verifies the
// password the way a login does.
import postgres from "postgres";

const port = Number(process.argv[2] ?? 18081);
const url = process.argv[3];
if (!url) throw new Error("usage: bare-sql.ts PORT DATABASE_URL");
const client = postgres(url, { max: 10 });

/** Queries of the same shape as the scenarios' main statement. */
const queries: Record<string, string> = {
  "things-page": "select id, name, description, created_at from things where owner_id = $1 order by created_at, id limit 50",
  "thing": "select t.*, (select json_agg(p) from properties p where p.thing_id = t.id) as properties from things t where t.id = $1",
  "search": "select id, name from things where lower(stashsphere_unaccent(name)) like '%' || $1 || '%' limit 50",
  "profile": "select id, name, email from users where id = $1",
  "image": "select hash, mime from images where hash = $1 limit 1",
};
const constant = JSON.stringify({ version: "bare" });

async function login(request: Request): Promise<Response> {
  const { email, password } = (await request.json()) as { email: string; password: string };
  const rows = await client.unsafe("select id, password_hash from users where lower(email) = lower($1)", [email], { prepare: true });
  const hash = rows[0]?.password_hash as string | undefined;
  if (!hash || !(await Bun.password.verify(password, hash))) return new Response("{}", { status: 401 });
  return Response.json({ id: rows[0]?.id });
}

Bun.serve({
  port,
  hostname: "127.0.0.1",
  async fetch(request) {
    const target = new URL(request.url);
    if (target.pathname === "/") return new Response(constant, { headers: { "Content-Type": "application/json" } });
    if (target.pathname === "/login" && request.method === "POST") return login(request);
    const query = queries[target.pathname.slice(1)];
    if (!query) return new Response("unknown query", { status: 404 });
    const rows = await client.unsafe(query, [target.searchParams.get("p") ?? ""], { prepare: true });
    return Response.json(rows);
  },
});
console.log(`bare SQL server on ${port}`);
