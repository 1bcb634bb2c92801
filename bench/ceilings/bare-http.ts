// The ceiling for HTTP scenarios: a bare Bun.serve answering a constant JSON body, with no
// routing, middleware or logging. `bun bench/ceilings/bare-http.ts PORT`
const port = Number(process.argv[2] ?? 18080);
const body = JSON.stringify({ inviteRequired: false, oidcProviders: [], version: "bare" });
Bun.serve({ port, hostname: "127.0.0.1", fetch: () => new Response(body, { headers: { "Content-Type": "application/json" } }) });
console.log(`bare HTTP server on ${port}`);
