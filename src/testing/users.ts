import { queryOne } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { accessCookie } from "../auth/cookies.ts";
import { issueAccessToken } from "../auth/tokens.ts";
import type { TestApp } from "./app.ts";

export interface TestUser {
  id: string;
  name: string;
  email: string;
  password: string;
  /** `Cookie` header value that authenticates as this user. */
  cookie: string;
}

export const testPassword = "correct horse battery staple";
let testPasswordHash: Promise<string> | undefined;
let counter = 0;

/**
 * Insert a user directly (no registration round trip) and sign a session for them. Every call
 * makes a new user with a unique e-mail, so tests never share rows.
 */
export async function createTestUser(t: TestApp, overrides: { name?: string; email?: string } = {}): Promise<TestUser> {
  counter += 1;
  const id = newId();
  const name = overrides.name ?? `User ${counter}`;
  const email = overrides.email ?? `user-${id.toLowerCase()}@example.test`;
  // One cheap hash for the whole run: hashing at production cost for every test user is slow.
  testPasswordHash ??= Bun.password.hash(testPassword, { algorithm: "argon2id", memoryCost: 4096, timeCost: 1 });
  await t.db.query(sql`insert into users (id, name, email, password_hash) values (${id}, ${name}, ${email}, ${await testPasswordHash})`);
  return { id, name, email, password: testPassword, cookie: await sessionCookieFor(t, id) };
}

/** A `Cookie` header value carrying a fresh access token for the user. */
export async function sessionCookieFor(t: TestApp, userId: string): Promise<string> {
  const user = await queryOne<{ id: string; name: string; email: string; session_epoch: number }>(
    t.db,
    sql`select id, name, email, session_epoch from users where id = ${userId}`,
  );
  if (!user) throw new Error(`no user ${userId}`);
  const access = await issueAccessToken(
    t.deps.signingKey,
    { id: user.id, name: user.name, email: user.email, sessionEpoch: user.session_epoch },
    t.clock.now(),
  );
  return `${accessCookie}=${access.token}`;
}

/** Make two users friends, as an accepted friend request does. */
export async function makeFriends(t: TestApp, a: TestUser, b: TestUser): Promise<void> {
  const requestId = newId();
  await t.db.transaction(async (tx) => {
    await tx.query(sql`insert into friend_requests (id, sender_id, receiver_id, state) values (${requestId}, ${a.id}, ${b.id}, 'accepted')`);
    await tx.query(sql`insert into friendships (friend1_id, friend2_id, friend_request_id) values (${b.id}, ${a.id}, ${requestId})`);
  });
}

/** Users in every relation to `viewer`: a friend, a friend of that friend, and two strangers. */
export interface Circle {
  viewer: TestUser;
  friend: TestUser;
  friendOfFriend: TestUser;
  stranger: TestUser;
  /** A stranger with no friends at all. */
  loner: TestUser;
}

/** Create a `Circle`: the viewer befriends the friend, and the friend the friend of a friend. */
export async function createCircle(t: TestApp): Promise<Circle> {
  const circle = {
    viewer: await createTestUser(t),
    friend: await createTestUser(t),
    friendOfFriend: await createTestUser(t),
    stranger: await createTestUser(t),
    loner: await createTestUser(t),
  };
  await makeFriends(t, circle.viewer, circle.friend);
  await makeFriends(t, circle.friend, circle.friendOfFriend);
  return circle;
}
