// Every migration, in the order they run. The files are imported as text so that
// `bun build --compile` embeds them in the binary. A test checks that each .sql file in this
// folder is listed here exactly once, under its own name.
import baseline from "./20260206120000_baseline.sql" with { type: "text" };
import timestampsWithTimeZone from "./20261204120000_timestamps_with_time_zone.sql" with { type: "text" };
import oneSharePerObjectAndTarget from "./20261204120100_one_share_per_object_and_target.sql" with { type: "text" };
import hiddenShares from "./20261204120200_hidden_shares.sql" with { type: "text" };
import cascadingDeletes from "./20261204120300_cascading_deletes.sql" with { type: "text" };
import caseInsensitiveEmails from "./20261204120400_case_insensitive_emails.sql" with { type: "text" };
import oidcIdentities from "./20261204120500_oidc_identities.sql" with { type: "text" };
import sessionEpoch from "./20261204120600_session_epoch.sql" with { type: "text" };
import passwordResetTokens from "./20261204120700_password_reset_tokens.sql" with { type: "text" };
import oneFriendshipPerPair from "./20261204120800_one_friendship_per_pair.sql" with { type: "text" };
import friendRequestUpdatedAt from "./20261204120900_friend_request_updated_at.sql" with { type: "text" };
import onePendingFriendRequestPerPair from "./20261204121000_one_pending_friend_request_per_pair.sql" with { type: "text" };
import rateLimitBuckets from "./20261204121100_rate_limit_buckets.sql" with { type: "text" };
import mailOutbox from "./20261204121200_mail_outbox.sql" with { type: "text" };
import imageDimensionsAndThumbhash from "./20261204121300_image_dimensions_and_thumbhash.sql" with { type: "text" };
import secondaryIndexes from "./20261204121400_secondary_indexes.sql" with { type: "text" };
import trigramSearch from "./20261204121500_trigram_search.sql" with { type: "text" };
import emailVerificationAttempts from "./20261204134100_email_verification_attempts.sql" with { type: "text" };
import mailOutboxFailedAt from "./20261204134200_mail_outbox_failed_at.sql" with { type: "text" };
import propertyPositions from "./20261204134210_property_positions.sql" with { type: "text" };
import usersNameTrigram from "./20261204134500_users_name_trigram.sql" with { type: "text" };
import fullTextSearch from "./20261204134600_full_text_search.sql" with { type: "text" };
import visibilityIndexes from "./20261204150000_visibility_indexes.sql" with { type: "text" };
import propertyOwners from "./20261205013000_property_owners.sql" with { type: "text" };
import listEntryThingState from "./20261205030000_list_entry_thing_state.sql" with { type: "text" };
import thingSearchWords from "./20261205060000_thing_search_words.sql" with { type: "text" };
import searchVocabulary from "./20261205070000_search_vocabulary.sql" with { type: "text" };
import searchVocabularyPruning from "./20261205080000_search_vocabulary_pruning.sql" with { type: "text" };

/** One schema change: its file name without `.sql`, and its SQL text. */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  { name: "20260206120000_baseline", sql: baseline },
  { name: "20261204120000_timestamps_with_time_zone", sql: timestampsWithTimeZone },
  { name: "20261204120100_one_share_per_object_and_target", sql: oneSharePerObjectAndTarget },
  { name: "20261204120200_hidden_shares", sql: hiddenShares },
  { name: "20261204120300_cascading_deletes", sql: cascadingDeletes },
  { name: "20261204120400_case_insensitive_emails", sql: caseInsensitiveEmails },
  { name: "20261204120500_oidc_identities", sql: oidcIdentities },
  { name: "20261204120600_session_epoch", sql: sessionEpoch },
  { name: "20261204120700_password_reset_tokens", sql: passwordResetTokens },
  { name: "20261204120800_one_friendship_per_pair", sql: oneFriendshipPerPair },
  { name: "20261204120900_friend_request_updated_at", sql: friendRequestUpdatedAt },
  { name: "20261204121000_one_pending_friend_request_per_pair", sql: onePendingFriendRequestPerPair },
  { name: "20261204121100_rate_limit_buckets", sql: rateLimitBuckets },
  { name: "20261204121200_mail_outbox", sql: mailOutbox },
  { name: "20261204121300_image_dimensions_and_thumbhash", sql: imageDimensionsAndThumbhash },
  { name: "20261204121400_secondary_indexes", sql: secondaryIndexes },
  { name: "20261204121500_trigram_search", sql: trigramSearch },
  { name: "20261204134100_email_verification_attempts", sql: emailVerificationAttempts },
  { name: "20261204134200_mail_outbox_failed_at", sql: mailOutboxFailedAt },
  { name: "20261204134210_property_positions", sql: propertyPositions },
  { name: "20261204134500_users_name_trigram", sql: usersNameTrigram },
  { name: "20261204134600_full_text_search", sql: fullTextSearch },
  { name: "20261204150000_visibility_indexes", sql: visibilityIndexes },
  { name: "20261205013000_property_owners", sql: propertyOwners },
  { name: "20261205030000_list_entry_thing_state", sql: listEntryThingState },
  { name: "20261205060000_thing_search_words", sql: thingSearchWords },
  { name: "20261205070000_search_vocabulary", sql: searchVocabulary },
  { name: "20261205080000_search_vocabulary_pruning", sql: searchVocabularyPruning },
];
