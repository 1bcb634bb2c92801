-- E-mail addresses identify accounts regardless of case: Alice@example.org and
-- alice@example.org are one address. The original compared them case-sensitively, so an
-- adopted database may hold two accounts whose addresses differ only in case. Merging
-- accounts is a decision for their owners, so the migration stops and names them instead.
-- Queries look accounts up with lower(email) = lower($1) to use the index.
--
-- NOTE: lower() folds only ASCII letters when the database's LC_CTYPE is C or POSIX, so there
-- addresses differing in the case of other letters still count as different. UTF-8 locales
-- such as C.UTF-8, which PGlite uses, fold all letters.
--
-- The original's case-sensitive unique constraint users_email_key stays: it is implied by
-- the new index and keeps serving exact-match lookups.

DO $$
DECLARE
  clashes text;
BEGIN
  SELECT string_agg(accounts, '; ' ORDER BY accounts)
  INTO clashes
  FROM (
    SELECT string_agg(format('%s (user %s)', email, id), ', ' ORDER BY email, id) AS accounts
    FROM users
    GROUP BY lower(email)
    HAVING count(*) > 1
  ) AS groups;

  IF clashes IS NOT NULL THEN
    RAISE EXCEPTION 'cannot make e-mail addresses unique regardless of case, because these accounts have addresses that differ only in case: %. Change the address of all but one account in each group (UPDATE users SET email = ... WHERE id = ...) or delete the accounts that are not wanted, then run the migration again.', clashes;
  END IF;
END
$$;

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
