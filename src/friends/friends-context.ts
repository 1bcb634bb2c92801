import type { Database } from "../db/database.ts";
import type { Clock } from "../http/env.ts";
import type { MailSite } from "../mail/templates/index.ts";

/**
 * What the friend request actions need: the database, the clock (reactions and the cooling-off
 * period are timed by it) and the instance facts for e-mails. `AppDeps` satisfies it.
 */
export interface FriendsContext {
  db: Database;
  clock: Clock;
  config: MailSite;
}
