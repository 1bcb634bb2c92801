import type { MixEntry } from "./wrk.ts";

/** The requests of one measurement: a single request, or a weighted mix of them. */
export interface LoadRequest {
  path: string;
  method?: string;
  body?: string;
  mix?: MixEntry[];
  /** See `LoadOptions.vary`: `{n}` goes round this many values, one address per request. */
  vary?: number;
}

export interface Ceiling {
  /** `http`: the bare Bun.serve constant response; `sql`: the bare postgres.js query server. */
  server: "http" | "sql";
  label: string;
  request: LoadRequest;
}

export interface Scenario {
  name: string;
  /** The session sent: none, the browsing user or the best-connected user. */
  as: "anonymous" | "browser" | "connected";
  request: LoadRequest;
  ceilings: Ceiling[];
}

/** The key ids `bench/generate.ts` writes for an instance. */
export interface Instance {
  scale: number;
  seconds?: number;
  password: string;
  users: number;
  things: number;
  lists?: number;
  images?: number;
  friendships?: number;
  browseUser: { id: string; email: string };
  bestConnectedUser: { id?: string; email?: string; friends?: number };
  richThingId: string;
  imageHashes?: string[];
}

const bareAnswer: Ceiling = { server: "http", label: "bare Bun.serve", request: { path: "/" } };

/**
 * List every scenario with its ceilings. The generated users are `user<i>@bench.test` for i below
 * `instance.users`, all with the same password, which the login scenario goes round.
 */
export function suiteScenarios(instance: Instance): Scenario[] {
  const browser = instance.browseUser.id;
  const connected = instance.bestConnectedUser.id ?? browser;
  const hashes = instance.imageHashes ?? [];
  const loginBody = JSON.stringify({ email: "user{n}@bench.test", password: instance.password });
  const login: LoadRequest = { method: "POST", path: "/api/user/login", body: loginBody, vary: instance.users };
  const sql = (label: string, request: LoadRequest): Ceiling => ({ server: "sql", label, request });

  // The mixed scenario is a signed-in user browsing. A page view loads a list of things and
  // its thumbnails, then opens a thing. A search comes now and then, a login rarely.
  const thumbnails = hashes.slice(0, 10);
  const mixed: MixEntry[] = [
    { method: "GET", path: "/api/things?page=0&perPage=50", weight: 15 },
    { method: "GET", path: "/api/things?page=3&perPage=50", weight: 10 },
    { method: "GET", path: `/api/things/${instance.richThingId}`, weight: 20 },
    { method: "GET", path: "/api/search?query=drill", weight: 10 },
    ...thumbnails.map((hash) => ({ method: "GET", path: `/assets/${hash}?width=384`, weight: 3 })),
    { method: "GET", path: "/api/user/profile", weight: 8 },
    { method: "GET", path: "/api/info", weight: 5 },
    { method: "POST", path: "/api/user/login", body: loginBody, weight: 2 },
  ];
  // The same mix with each request replaced by its bare query.
  const mixedSql: MixEntry[] = [
    { method: "GET", path: `/things-page?p=${browser}`, weight: 25 },
    { method: "GET", path: `/thing?p=${instance.richThingId}`, weight: 20 },
    { method: "GET", path: "/search?p=drill", weight: 10 },
    ...thumbnails.map((hash) => ({ method: "GET", path: `/image?p=${hash}`, weight: 3 })),
    { method: "GET", path: `/profile?p=${browser}`, weight: 8 },
    { method: "GET", path: "/", weight: 5 },
    { method: "POST", path: "/login", body: loginBody, weight: 2 },
  ];

  const scenarios: Scenario[] = [
    { name: "info", as: "anonymous", request: { path: "/api/info" }, ceilings: [bareAnswer] },
    { name: "profile", as: "browser", request: { path: "/api/user/profile" }, ceilings: [sql("user by id", { path: `/profile?p=${browser}` })] },
    { name: "browse things", as: "browser", request: { path: "/api/things?page=3&perPage=50" }, ceilings: [sql("owner's page of 50", { path: `/things-page?p=${browser}` })] },
    { name: "browse things (hub)", as: "connected", request: { path: "/api/things?page=0&perPage=50" }, ceilings: [sql("owner's page of 50", { path: `/things-page?p=${connected}` })] },
    { name: "open a thing", as: "browser", request: { path: `/api/things/${instance.richThingId}` }, ceilings: [sql("thing + properties", { path: `/thing?p=${instance.richThingId}` })] },
    { name: "search", as: "connected", request: { path: "/api/search?query=drill" }, ceilings: [sql("trigram name match", { path: "/search?p=drill" })] },
    { name: "login", as: "anonymous", request: login, ceilings: [sql("user by e-mail + argon2id verify", { ...login, path: "/login" })] },
    { name: "mixed", as: "browser", request: { path: "/", mix: mixed, vary: instance.users }, ceilings: [bareAnswer, sql("same mix of bare queries", { path: "/", mix: mixedSql, vary: instance.users })] },
  ];
  if (hashes[0]) {
    const thumbnail: Scenario = { name: "thumbnail (cached)", as: "browser", request: { path: `/assets/${hashes[0]}?width=384` }, ceilings: [bareAnswer, sql("image by hash", { path: `/image?p=${hashes[0]}` })] };
    scenarios.splice(6, 0, thumbnail);
  }
  return scenarios;
}
